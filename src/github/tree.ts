import { type GitHubPort, isHttpStatus, type RepoRef } from "./port.js";

export type TreeEntry = { name: string; path: string; type: "file" | "dir" | string };

/** Read access to a repository tree: the GitHub contents API, or a working tree for `lint`. */
export interface TreeReader {
  /** Entries of a folder ("" is the root); [] when it does not exist. */
  list(path: string): Promise<TreeEntry[]>;
  /** A file's text, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
}

/** The default branch, through the REST contents API. */
export function githubTree(octokit: Pick<GitHubPort, "request">, repo: RepoRef): TreeReader {
  return {
    async list(path) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path,
        });
        return Array.isArray(data) ? (data as TreeEntry[]) : [];
      } catch (error) {
        if (isHttpStatus(error, 404)) return [];
        throw error;
      }
    },
    async read(path) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path,
          mediaType: { format: "raw" },
        });
        return typeof data === "string" ? data : undefined;
      } catch (error) {
        if (isHttpStatus(error, 404)) return undefined;
        throw error;
      }
    },
  };
}
