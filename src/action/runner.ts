import { appendFile, readFile } from "node:fs/promises";

/** What the Action does to the outside world besides GitHub's API: the runner's channels. */
export interface RunnerIo {
  /** The step's log. The runner reads workflow commands (`::error::…`) from it. */
  stdout(text: string): void;
  readFile(path: string): Promise<string>;
  appendFile(path: string, text: string): Promise<void>;
}

export const processRunnerIo: RunnerIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  readFile: (path) => readFile(path, "utf8"),
  appendFile: (path, text) => appendFile(path, text, "utf8"),
};

/** A workflow command's data, escaped as the runner unescapes it (`%`, CR and LF). */
const escapeData = (text: string) =>
  text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** An annotation on the run (`::error::message`), one line whatever the message holds. */
export const annotation = (kind: "error" | "warning" | "notice", message: string) =>
  `::${kind}::${escapeData(message)}\n`;

/**
 * Text for the log that the runner cannot take for a workflow command: a line that would
 * start with `::` (after spaces, which the runner skips) gets a space between the colons. Plan
 * lines carry text from GitHub (titles, comments), which must not be able to set outputs or
 * masks or annotate the run.
 */
export const plainText = (text: string) => text.replace(/^([ \t]*):(?=:)/gm, "$1: ");
