#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { startServer } from "./server.js";

// Entry for `npm start`. Like Probot, values in ./.env take effect before validation.
if (existsSync(".env")) Object.assign(process.env, parseEnv(readFileSync(".env", "utf8")));

startServer(process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
