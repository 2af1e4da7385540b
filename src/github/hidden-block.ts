import type { z } from "zod";

/**
 * Machine-readable state hidden in a comment or issue body: `<!-- async-status:NAME v1 BASE64 -->`.
 * Base64 keeps user text (which may contain `-->`) from closing the HTML comment. Callers
 * trust a block only in content the app wrote itself.
 */
export function encodeBlock(name: string, value: unknown): string {
  return `<!-- async-status:${name} v1 ${Buffer.from(JSON.stringify(value), "utf8").toString("base64")} -->`;
}

/** The last block called `name` in `body` that matches `schema`; `undefined` when absent or malformed. */
export function decodeBlock<T>(name: string, body: string, schema: z.ZodType<T>): T | undefined {
  const prefix = `<!-- async-status:${name} v1 `;
  const start = body.lastIndexOf(prefix);
  if (start === -1) return undefined;
  const end = body.indexOf(" -->", start);
  if (end === -1) return undefined;
  try {
    const json = Buffer.from(body.slice(start + prefix.length, end), "base64").toString("utf8");
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
