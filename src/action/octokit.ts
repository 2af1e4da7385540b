import { AppOctokit } from "../github/octokit.js";
import { defaultGraphqlUrl } from "./inputs.js";

/**
 * The app's Octokit (`AppOctokit`: Probot's plugins, bounded rate-limit retries) with GraphQL
 * sent to `graphqlUrl` (GITHUB_GRAPHQL_URL). Octokit derives the GraphQL endpoint from the REST
 * base URL, which is right on github.com and GHES; the runner says where it is, so the runner
 * is believed. Only requests to the endpoint Octokit derived are redirected.
 */
export function actionOctokit(restUrl: string, graphqlUrl: string) {
  const derived = defaultGraphqlUrl(restUrl);
  if (derived === graphqlUrl) return AppOctokit;
  return AppOctokit.plugin((octokit) => {
    octokit.hook.before("request", (options) => {
      const url = String(options.url);
      const full = /^https?:/.test(url) ? url : `${options.baseUrl}${url}`;
      if (options.method === "POST" && full === derived) options.url = graphqlUrl;
    });
  });
}
