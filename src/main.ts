#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { startServer } from "./server.js";

// Entry for `npm start`. Like Probot, values in ./.env take effect before validation.
if (existsSync(".env")) Object.assign(process.env, parseEnv(readFileSync(".env", "utf8")));

startServer(process.env).then(
  (running) => {
    // `docker stop` sends SIGTERM (and Node as PID 1 has no default handler): finish the
    // tick under way, close the server, exit.
    const shutdown = () => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGTERM", shutdown);
    process.once("SIGINT", shutdown);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
