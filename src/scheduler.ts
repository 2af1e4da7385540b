import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import { JOBS } from "./capabilities.js";
import type { ItemLock } from "./github/keyed-lock.js";
import type { Job } from "./job.js";
import { type Metrics, timedJobs } from "./metrics.js";
import { runTick, type TickApp, type TickReport, TickState } from "./tick.js";

export interface Scheduler {
  /** Resolves when the run under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * The server's in-process tick: once at start-up (catching up on deadlines that passed while
 * the app was down), then every `intervalMs`. Runs never overlap; a failing run is logged and
 * the next one still happens.
 */
export function startScheduler(options: {
  lock?: ItemLock;
  app: TickApp;
  intervalMs: number;
  log: Logger;
  appId?: number;
  now?: () => Temporal.Instant;
  /** Default: every capability's job. */
  jobs?: readonly Job[];
  /** Times each tick and each job's run in a repository. */
  metrics?: Pick<Metrics, "tickDuration" | "jobDuration">;
}): Scheduler {
  const now = options.now ?? (() => Temporal.Now.instant());
  let running: Promise<void> | undefined;
  const state = new TickState();
  const { metrics } = options;
  const jobs = metrics ? timedJobs(options.jobs ?? JOBS, metrics) : (options.jobs ?? JOBS);
  // Repair work looks back to the previous run's start (a minute of overlap); the first run
  // looks back the default hour.
  let previous: Temporal.Instant | undefined;
  const tick = () => {
    if (running) return;
    const at = now();
    // Three minutes of overlap: the lost-commands job leaves the last two to their deliveries.
    const since = previous?.subtract({ minutes: 3 });
    previous = at;
    const end = metrics?.tickDuration.startTimer();
    running = runTick(options.app, jobs, {
      now: at,
      ...(since ? { since } : {}),
      log: options.log,
      state,
      ...(options.lock ? { lock: options.lock } : {}),
      ...(options.appId ? { appId: options.appId } : {}),
    })
      .then((report) => {
        end?.({ outcome: report.failures.length > 0 ? "failures" : "ok" });
        logTickReport(options.log, report);
      })
      .catch((error: unknown) => {
        end?.({ outcome: "error" });
        options.log.error({ err: error }, "tick failed");
      })
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** A finished tick (or one installation's share of it): debug when clean, warn with failures. */
export function logTickReport(
  log: Pick<Logger, "warn" | "debug">,
  report: TickReport,
  fields: object = {},
): void {
  const level = report.failures.length > 0 ? "warn" : "debug";
  log[level]({ ...fields, ...report, failures: report.failures.length }, "tick finished");
}
