import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { agendaCommand } from "./agenda.js";
import { type CliIo, EXIT } from "./io.js";
import { lintCommand } from "./lint.js";
import { type SummaryDeps, summaryCommand } from "./summary.js";
import { type TickDeps, tickCommand } from "./tick.js";

const USAGE = `Usage: async-status <command> [options]

Commands:
  lint     check a PR or issue description offline (async-status lint --help)
  tick     run scheduled work once: lost commands, decision deadlines, summaries, agendas, repair
  summary  render (and publish) a repository's weekly summary (async-status summary --help)
  agenda   render (and publish or update) a repository's sync agenda (async-status agenda --help)

The webhook server is started with \`npm start\`.`;

/** Dispatch a command line; returns the exit code. */
export async function main(
  argv: string[],
  io: CliIo,
  tickDeps?: () => Promise<TickDeps>,
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "lint":
      return lintCommand(rest, io);
    case "summary":
    case "agenda":
    case "tick": {
      if (!tickDeps) throw new Error(`${command} needs its environment`);
      const deps = await tickDeps();
      try {
        if (command === "tick") return await tickCommand(rest, io, deps);
        return command === "summary"
          ? await summaryCommand(rest, io, deps as SummaryDeps)
          : await agendaCommand(rest, io, deps as SummaryDeps);
      } catch (error) {
        // Exit code 2 is for usage errors: a failure on the way (GitHub unreachable) is 1.
        io.stderr(
          `async-status ${command}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        return 1;
      }
    }
    case "--help":
    case "-h":
    case "help":
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    default:
      io.stderr(
        `${command ? `async-status: unknown command "${command}"` : "async-status: no command given"}\n\n${USAGE}\n`,
      );
      return EXIT.usage;
  }
}

/** The real process: stdin, the file system, stdout and stderr. */
export const processIo: CliIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  readFile: (path) => readFile(path, "utf8"),
  listDir: (path) => readdir(path).catch(() => []),
  exists: async (path) => existsSync(path),
  isDirectory: async (path) => (await stat(path).catch(() => undefined))?.isDirectory() === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
