#!/usr/bin/env node
import { main, processIo } from "./cli/main.js";

// Entry for the `async-status` bin. All logic lives in cli/main.ts.
main(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
