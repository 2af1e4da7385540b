#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { main, processIo } from "./cli/main.js";
import { createLogger } from "./log.js";

// Entry for the `async-status` bin. All logic lives in cli/. Like `npm start`, ./.env applies.
if (existsSync(".env")) Object.assign(process.env, parseEnv(readFileSync(".env", "utf8")));

const tickDeps = async () => ({
  env: process.env,
  log: await createLogger(process.env, process.stderr),
});
main(process.argv.slice(2), processIo, tickDeps).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Exit code 1 means "incomplete" for lint: an unexpected failure is 2, with a message.
    process.stderr.write(
      `async-status: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
