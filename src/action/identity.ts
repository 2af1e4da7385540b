import { isHttpStatus } from "../github/port.js";

/**
 * The GitHub App behind every workflow's GITHUB_TOKEN on github.com
 * (`https://api.github.com/apps/github-actions`). GITHUB_TOKEN is that app's installation
 * token, so what a workflow writes with it is authored by `github-actions[bot]` and carries
 * `performed_via_github_app: { id: 15368, slug: "github-actions" }`, as any app's writes carry
 * the app. Elsewhere (GHES, GHE.com) the app has its own id, looked up by slug.
 */
export const GITHUB_ACTIONS_APP = { id: 15368, slug: "github-actions" } as const;

const GITHUB_COM_API = "https://api.github.com";

/** The one request this needs: `GET /apps/{app_slug}` (public apps need no particular permission). */
export interface AppLookup {
  request(
    route: "GET /apps/{app_slug}",
    params: { app_slug: string },
  ): Promise<{ data: { id: number } | null }>;
}

/**
 * The app whose marked comments and hidden state are the Action's own: the identity of the
 * token in use. An app's token comes with its id (`app-id`); the workflow's GITHUB_TOKEN is
 * GitHub Actions'. A comment by a person or by another app is never trusted either way.
 */
export async function trustedAppId(
  settings: { appId?: number; restUrl: string },
  github: AppLookup,
): Promise<number> {
  if (settings.appId !== undefined) return settings.appId;
  if (settings.restUrl === GITHUB_COM_API) return GITHUB_ACTIONS_APP.id;
  try {
    const { data } = await github.request("GET /apps/{app_slug}", {
      app_slug: GITHUB_ACTIONS_APP.slug,
    });
    if (data && Number.isSafeInteger(data.id) && data.id > 0) return data.id;
  } catch (error) {
    if (!isHttpStatus(error, 404) && !isHttpStatus(error, 403)) throw error;
  }
  throw new Error(
    `could not find the ${GITHUB_ACTIONS_APP.slug} app at ${settings.restUrl}/apps/${GITHUB_ACTIONS_APP.slug}, whose comments GITHUB_TOKEN writes: set the app-id input to its id`,
  );
}
