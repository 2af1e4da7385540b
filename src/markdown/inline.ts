import { codeSpan, escapeMarkdown } from "./escape.js";

/**
 * Where GitHub would see a mention: `@` at the start or after a character that is not part of
 * a word, then a user, an organisation, or `org/team`. (`bob@example.com` mentions no one.)
 */
const MENTION = /(?<![A-Za-z0-9_])@[A-Za-z0-9_][A-Za-z0-9_-]*(?:\/[A-Za-z0-9_.-]+)?/g;

/**
 * User text for one line of the summary: escaped for Markdown (no HTML, comments, links,
 * emphasis, table breaks or new lines), with every would-be mention shown as code, which
 * GitHub never links or notifies. Unlike `escapeMarkdown`, nothing invisible is inserted, so
 * what a reader copies is what was written.
 */
export function inlineText(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  let out = "";
  let last = 0;
  for (const match of flat.matchAll(MENTION)) {
    out += plain(flat.slice(last, match.index)) + codeSpan(match[0]);
    last = match.index + match[0].length;
  }
  return out + plain(flat.slice(last));
}

/**
 * Text without a mention in it: `escapeMarkdown` never sees an `@` (it would add a zero-width
 * space after each), and the `@`s left can mention no one.
 */
const plain = (text: string) => text.split("@").map(escapeMarkdown).join("@");

/** A user name as the summary shows it: as code, so it notifies no one and copies exactly. */
export const userName = (login: string) => codeSpan(login);
