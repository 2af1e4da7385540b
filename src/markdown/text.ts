/**
 * Invisible characters: format characters (Unicode category Cf: zero-width space and joiners,
 * soft hyphen, word joiner, BOM, bidi marks, embeddings and isolates, tags) and the other
 * default-ignorable code points (combining grapheme joiner, variation selectors, Hangul fillers).
 * They render as nothing, so "How to te\u200Bst" must read as "How to test". Dropping them
 * inside an emoji ZWJ sequence only splits it into emoji that are ignored anyway.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** Text without invisible characters (see `INVISIBLE`). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}

/**
 * Key used to match a heading against a section name or alias: case-insensitive, with
 * invisible characters, punctuation, emoji, `:shortcodes:` and a leading "The" ignored.
 * "Context & Problem", "🧪 How to test:" and "the how-to-test" all normalise to letters,
 * digits and spaces.
 */
export function titleKey(title: string): string {
  const key = withoutInvisible(title)
    // Emoji go first: keycaps (1️⃣) and pictographs (Ⓜ️) would otherwise leave letters behind.
    .replace(/[0-9#*]\u20E3/gu, " ")
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
  return titleKey(withoutInvisible(title).replace(/\s*\([^)]*\)\s*$/u, ""));
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

/** Text compared ignoring case, invisible characters, emphasis markers and runs of whitespace. */
export function looseText(text: string): string {
  return withoutInvisible(text)
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
