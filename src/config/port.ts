import { type GitHubPort, isHttpStatus, type RepoRef } from "../github/port.js";
import type { ConfigPort, RawFile } from "./load.js";

/**
 * The config port over the REST contents API (raw media type, default branch), as Probot's
 * config plugin reads it, but with the body streamed rather than buffered: a file is read no
 * further than `maxBytes`, so an oversized one costs its download and nothing else.
 */
export function configPortFor(octokit: Pick<GitHubPort, "request">, repo: RepoRef): ConfigPort {
  return {
    repo,
    async readFile(file, maxBytes) {
      let response: { headers: Record<string, unknown>; data: unknown };
      try {
        response = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...file,
          mediaType: { format: "raw" },
          request: { parseSuccessResponseBody: false },
        });
      } catch (error) {
        if (isHttpStatus(error, 404)) return { kind: "missing" };
        throw error;
      }
      const body = response.data as ReadableStream<Uint8Array> | null;
      // With the raw media type a file comes back as itself; a directory as a JSON listing.
      if (String(response.headers["content-type"]).startsWith("application/json")) {
        await body?.cancel();
        return { kind: "not-a-file" };
      }
      return readCapped(body, declaredLength(response.headers), maxBytes);
    },
  };
}

/** The body's length from `content-length`, when it is the length of the file itself (not compressed). */
function declaredLength(headers: Record<string, unknown>): number | undefined {
  const encoding = headers["content-encoding"];
  if (encoding !== undefined && encoding !== "identity") return undefined;
  const length = Number(headers["content-length"]);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * The body's text, or its size when it is over `maxBytes`. A declared length over the cap is
 * refused before anything is downloaded; otherwise bytes past the cap are counted, not kept.
 */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  declared: number | undefined,
  maxBytes: number,
): Promise<RawFile> {
  if (declared !== undefined && declared > maxBytes) {
    await body?.cancel();
    return { kind: "too-large", bytes: declared };
  }
  if (!body) return { kind: "text", text: "" };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    bytes += next.value.byteLength;
    if (bytes <= maxBytes) chunks.push(next.value);
    else chunks.length = 0;
  }
  if (bytes > maxBytes) return { kind: "too-large", bytes };
  return { kind: "text", text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
