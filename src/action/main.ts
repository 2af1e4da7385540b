import { createLogger } from "../log.js";
import { runAction } from "./run.js";
import { annotation, processRunnerIo } from "./runner.js";

/*
 * The GitHub Action's entry (action.yml runs the bundle of this file). No logic lives here.
 * Logs are JSON on stderr unless LOG_FORMAT says otherwise: each line then starts with "{", so
 * text from GitHub inside a log line can never be read by the runner as a workflow command.
 * RUNNER_DEBUG (a re-run with debug logging) turns on debug logs.
 */
const env = process.env;
const logEnv = {
  ...env,
  LOG_FORMAT: env.LOG_FORMAT || "json",
  LOG_LEVEL: env.LOG_LEVEL || (env.RUNNER_DEBUG === "1" ? "debug" : "info"),
};
createLogger(logEnv, process.stderr)
  .then((log) => runAction({ env, io: processRunnerIo, log }))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stdout.write(
        annotation(
          "error",
          `async-status: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      process.exitCode = 1;
    },
  );
