/** A word of a deadline that is probably a mistyped weekday or month, and the text meant. */
export interface DeadlineTypo {
  /** The word as written: `thrusday`. */
  written: string;
  /** The name it is close to: `Thursday`. */
  meant: string;
  kind: "day" | "month";
  /** The whole deadline with the word corrected: `Thursday 5pm`. */
  suggestion: string;
}

interface Name {
  word: string;
  display: string;
  kind: DeadlineTypo["kind"];
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS = [
  ...["january", "february", "march", "april", "may", "june", "july", "august"],
  ...["september", "october", "november", "december"],
];
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const named = (words: string[], kind: Name["kind"], display: (word: string) => string) =>
  words.map((word): Name => ({ word, display: display(word), kind }));

/** Full names: what a long word is compared with. */
const FULL: Name[] = [
  ...named(WEEKDAYS, "day", capital),
  ...named(MONTHS, "month", capital),
  ...named(["today", "tomorrow"], "day", (word) => word),
];
/** Abbreviations, shown as the full name they stand for. */
const SHORT: Name[] = [
  ..."mon tue tues wed thu thur thurs fri sat sun".split(" ").map((word): Name => {
    const full = WEEKDAYS.find((day) => day.startsWith(word.slice(0, 3))) as string;
    return { word, display: capital(full), kind: "day" };
  }),
  ..."jan feb mar apr jun jul aug sep sept oct nov dec".split(" ").map((word): Name => {
    const full = MONTHS.find((month) => month.startsWith(word.slice(0, 3))) as string;
    return { word, display: capital(full), kind: "month" };
  }),
];
/** Words of a 3–4 letter typo's candidates; of a longer one's (full names, and the long abbreviations). */
const SHORT_TARGETS = [...SHORT, ...FULL.filter((name) => name.word.length <= 5)];
const LONG_TARGETS = [...FULL, ...SHORT.filter((name) => name.word.length >= 4)];

/** Words that are never a typo: the names themselves, and the rest of the deadline grammar. */
const KNOWN = new Set([
  ...FULL.map((name) => name.word),
  ...SHORT.map((name) => name.word),
  ..."next this last on at by in of the end eod eow day days week weeks month months hour hours".split(
    " ",
  ),
  ..."noon midnight morning afternoon evening tonight tmrw am pm a an from now later utc gmt".split(
    " ",
  ),
  ..."and or to before after business working bd st nd rd th".split(" "),
  ..."one two three four five six seven eight nine ten eleven twelve".split(" "),
]);

/**
 * Optimal string alignment distance: edits (insert, delete, substitute, swap two neighbours)
 * from `a` to `b`. Both are short words here (at most 12 letters), so the table is tiny.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = rows[i - 1] as number[];
      let best = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (rows[i - 2]?.[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] as number;
}

/**
 * Whether `word` (not itself a name) is close enough to `target` to be a typo of it:
 * - 3–4 letters: one edit and the same first letter (`frj` → fri), and only next to another
 *   word of the deadline (`frj 5pm`), since short names (Sam, Jon, Mark) are everywhere;
 * - 5 letters: one edit (`frday`, `marhc`), not two (`apple` is not April);
 * - 6 letters or more: one edit (`thrusday`, `febuary`), or two when the first letter or the
 *   last three letters agree (`wensday`, `blursday` → Thursday).
 */
function closeEnough(word: string, target: string, distance: number): boolean {
  if (distance === 0) return false;
  if (word.length < 5) return distance === 1 && word[0] === target[0];
  if (distance === 1) return true;
  return (
    distance === 2 &&
    word.length >= 6 &&
    (word[0] === target[0] || word.slice(-3) === target.slice(-3))
  );
}

/** The one name `word` is a typo of; none when it is not close to one, or close to two. */
function nearestName(word: string, inContext: boolean): Name | undefined {
  if (word.length < 3 || word.length > 12 || KNOWN.has(word)) return undefined;
  if (word.length < 5 && !inContext) return undefined;
  let best: Name[] = [];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of word.length < 5 ? SHORT_TARGETS : LONG_TARGETS) {
    const distance = editDistance(word, name.word);
    if (!closeEnough(word, name.word, distance) || distance > bestDistance) continue;
    if (distance < bestDistance) best = [];
    bestDistance = distance;
    best.push(name);
  }
  return new Set(best.map((name) => name.display)).size === 1 ? best[0] : undefined;
}

/**
 * The typo in a deadline that did not read (`thrusday 5pm`), when correcting the words that
 * look like mistyped weekdays or months gives a deadline that does (`Thursday 5pm`). A
 * phrase that is not a date ("Google", "the team") has no such word, or does not read
 * corrected ("Sunday and the team"), and has no typo.
 */
export function findDeadlineTypo(
  text: string,
  readable: (text: string) => boolean,
): DeadlineTypo | undefined {
  const words = text.split(" ");
  let found: Omit<DeadlineTypo, "suggestion"> | undefined;
  const corrected = words.map((written) => {
    const letters = /^([a-z]+)([.,;:!]*)$/i.exec(written);
    const name = letters && nearestName((letters[1] as string).toLowerCase(), words.length > 1);
    if (!letters || !name) return written;
    found ??= { written: letters[1] as string, meant: name.display, kind: name.kind };
    return `${name.display}${letters[2]}`;
  });
  if (!found) return undefined;
  const suggestion = corrected.join(" ");
  return readable(suggestion) ? { ...found, suggestion } : undefined;
}
