const INLINE_SPECIALS = /[\\`*_[\]<>|~&]/g;

/**
 * Escape user or config text for inline Markdown on GitHub: it cannot open HTML or
 * comments (`<!--`), break table cells (`|`) or links (`](`), start emphasis or code, add
 * lines, or @-mention a user or team (a zero-width space follows every `@`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(INLINE_SPECIALS, (ch) =>
      ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === "&" ? "&amp;" : `\\${ch}`,
    )
    .replace(/@/g, "@&#8203;");
}

/**
 * A code span that shows `text` literally (backslash escapes do not work inside code spans,
 * so the backtick run is lengthened instead). `|` stays escaped: GFM splits table cells first.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
  let longest = 0;
  for (const run of flat.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const ticks = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A code fence longer than any run of backticks inside `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

/** Text safe inside an HTML comment: it cannot close the comment early. */
export function commentSafe(text: string): string {
  // Break every "--" (so neither "-->" nor "--!>" can appear) and keep the end clear of "-".
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/-(?=-)/g, "- ")
    .replace(/-$/, "- ");
}

/**
 * Cut Markdown to at most `max` characters (GitHub: 65,536 for bodies and comments,
 * 65,535 for check run summaries), ending with a visible note instead of failing with 422.
 */
export function truncateMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = "\n\n…(truncated to fit GitHub's size limit)";
  let cut = max - note.length;
  // Do not split a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + note;
}
