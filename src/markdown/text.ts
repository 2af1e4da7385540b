/**
 * Key used to match a heading against a section name or alias: case-insensitive, with
 * punctuation, emoji, `:shortcodes:` and a leading "The" ignored. "Context & Problem",
 * "🧪 How to test:" and "the how-to-test" all normalise to letters, digits and spaces.
 */
export function titleKey(title: string): string {
  const key = title
    // Emoji go first: keycaps (1️⃣) and pictographs (Ⓜ️) would otherwise leave letters behind.
    .replace(/[0-9#*]\uFE0F?\u20E3/gu, " ")
    .replace(/\p{Extended_Pictographic}/gu, " ")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/:[a-z0-9_+-]+:/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return key.startsWith("the ") ? key.slice(4) : key;
}

/** The title key without a trailing parenthetical: "Screenshots (optional)" → "screenshots". */
export function titleKeyWithoutParenthetical(title: string): string {
  return titleKey(title.replace(/\s*\([^)]*\)\s*$/u, ""));
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: "word" });

/**
 * Count words (Unicode-aware, so CJK text counts too), stopping once `limit` is reached:
 * callers only need to know whether a section reaches its minimum.
 */
export function countWords(text: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (const segment of wordSegmenter.segment(text)) {
    if (segment.isWordLike && ++count >= limit) break;
  }
  return count;
}

/** Text compared ignoring case, emphasis markers and runs of whitespace. */
export function looseText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[*_~`>]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** What GitHub issue forms write for a field left blank. */
export const NO_RESPONSE = "_no response_";

const NOT_APPLICABLE = /^(?:n\s*\/\s*a|n\.a\.?|na|not applicable)(?=$|[\s.,:;!()\-–—])/u;
const NONE = /^none[.!]?$/u;

/**
 * An explicit "N/A", optionally with a reason: `N/A`, `n/a – docs only`, `Not applicable.`
 * "None" counts only on its own, so "None of the tests cover this" is content.
 */
export function isNotApplicable(text: string): boolean {
  const loose = looseText(text);
  return NOT_APPLICABLE.test(loose) || NONE.test(loose);
}
