import type { GitHubPort, RepoRef } from "../github/port.js";
import type { ItemKind, RepoTemplate } from "./requirements.js";

/** Where GitHub looks for a single template, in its own order of precedence. */
export const TEMPLATE_FILES: Record<ItemKind, string[]> = {
  pr: [
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/pull_request_template.md",
    "PULL_REQUEST_TEMPLATE.md",
    "pull_request_template.md",
    "docs/PULL_REQUEST_TEMPLATE.md",
    "docs/pull_request_template.md",
  ],
  issue: [
    ".github/ISSUE_TEMPLATE.md",
    ".github/issue_template.md",
    "ISSUE_TEMPLATE.md",
    "issue_template.md",
    "docs/ISSUE_TEMPLATE.md",
    "docs/issue_template.md",
  ],
};
/** Folders holding several templates. */
export const TEMPLATE_DIRECTORIES: Record<ItemKind, string[]> = {
  pr: [".github/PULL_REQUEST_TEMPLATE", "PULL_REQUEST_TEMPLATE", "docs/PULL_REQUEST_TEMPLATE"],
  issue: [".github/ISSUE_TEMPLATE", "ISSUE_TEMPLATE", "docs/ISSUE_TEMPLATE"],
};

interface Blob {
  text?: string | null;
}
interface Tree {
  entries?: Array<{ name: string; type: string; object?: Blob | null }> | null;
}

/** One GraphQL query that reads every candidate path at once (1 request, ~1 point). */
export function templatesQuery(kind: ItemKind): {
  query: string;
  variables: Record<string, string>;
} {
  const files = TEMPLATE_FILES[kind];
  const dirs = TEMPLATE_DIRECTORIES[kind];
  const variables: Record<string, string> = {};
  const fields: string[] = [];
  files.forEach((path, i) => {
    variables[`f${i}`] = `HEAD:${path}`;
    fields.push(`f${i}: object(expression: $f${i}) { ... on Blob { text } }`);
  });
  dirs.forEach((path, i) => {
    variables[`d${i}`] = `HEAD:${path}`;
    fields.push(
      `d${i}: object(expression: $d${i}) { ... on Tree { entries { name type object { ... on Blob { text } } } } }`,
    );
  });
  const params = Object.keys(variables).map((name) => `$${name}: String!`);
  const query = `query($owner: String!, $name: String!, ${params.join(", ")}) { repository(owner: $owner, name: $name) { ${fields.join(" ")} } }`;
  return { query, variables };
}

export const isTemplateFile = (kind: ItemKind, name: string) =>
  kind === "pr"
    ? /\.md$/i.test(name)
    : /\.(md|ya?ml)$/i.test(name) && !/^config\.ya?ml$/i.test(name);

/**
 * Read the repository's PR or issue templates from the default branch: the single template
 * file GitHub would use, and every template in the template folders (issue forms included).
 */
export async function loadRepoTemplates(
  octokit: Pick<GitHubPort, "graphql">,
  repo: RepoRef,
  kind: ItemKind,
): Promise<RepoTemplate[]> {
  const { query, variables } = templatesQuery(kind);
  const result = await octokit.graphql<{ repository: Record<string, (Blob & Tree) | null> | null }>(
    query,
    {
      owner: repo.owner,
      name: repo.repo,
      ...variables,
    },
  );
  const repository = result.repository ?? {};
  const templates: RepoTemplate[] = [];
  const single = TEMPLATE_FILES[kind].findIndex(
    (_, i) => typeof repository[`f${i}`]?.text === "string",
  );
  if (single !== -1)
    templates.push({
      path: TEMPLATE_FILES[kind][single] as string,
      text: repository[`f${single}`]?.text as string,
    });
  TEMPLATE_DIRECTORIES[kind].forEach((dir, i) => {
    for (const entry of repository[`d${i}`]?.entries ?? []) {
      if (
        entry.type === "blob" &&
        isTemplateFile(kind, entry.name) &&
        typeof entry.object?.text === "string"
      ) {
        templates.push({ path: `${dir}/${entry.name}`, text: entry.object.text });
      }
    }
  });
  return templates;
}
