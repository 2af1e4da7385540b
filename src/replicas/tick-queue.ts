import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import { JOBS } from "../capabilities.js";
import type { ItemLock } from "../github/keyed-lock.js";
import type { Job } from "../job.js";
import { type Metrics, timedJobs } from "../metrics.js";
import { logTickReport, type Scheduler } from "../scheduler.js";
import {
  type InstallationRef,
  listInstallations,
  type TickApp,
  TickState,
  tickInstallation,
} from "../tick.js";

/** The queue every replica shares: the scheduled `tick` and the `installation` jobs it fans out. */
export const TICK_QUEUE = "async-status-tick";
/** The job scheduler's id: upserted by every replica, so there is one, whoever starts first. */
export const TICK_SCHEDULER = "tick";

interface InstallationJob {
  installation: InstallationRef;
  /** The tick's instant, ISO. */
  now: string;
  /** Where repair work looks back to, ISO. */
  since: string;
}

/**
 * The tick with REDIS_URL: a BullMQ job scheduler runs `tick` once per interval across all
 * replicas (the first one at once, as a catch-up); that job lists the installations and adds
 * one `installation` job each, named by the installation and the tick's slot and
 * deduplicated by installation while one waits or runs, so a tick run again adds nothing and
 * a slow tick does not pile up. Repair work looks back to the previous tick (kept in Redis).
 * Every replica's worker takes
 * jobs from the one queue, so the installations of a tick are shared out among the replicas.
 * A failed installation job is not retried: the next tick repairs what it left.
 */
export function startQueuedScheduler(options: {
  app: TickApp;
  redisUrl: string;
  intervalMs: number;
  log: Logger;
  lock?: ItemLock;
  appId?: number;
  now?: () => Temporal.Instant;
  jobs?: readonly Job[];
  metrics?: Pick<Metrics, "tickDuration" | "jobDuration" | "observeQueue">;
  /** Installation jobs run at once on this replica. Default: 2. */
  concurrency?: number;
  /** BullMQ's key prefix. Default: `async-status`. */
  prefix?: string;
}): Scheduler & { queue: Queue } {
  const now = options.now ?? (() => Temporal.Now.instant());
  const { metrics, log } = options;
  const jobs = metrics ? timedJobs(options.jobs ?? JOBS, metrics) : (options.jobs ?? JOBS);
  const state = new TickState();
  const prefix = options.prefix ?? "async-status";
  // BullMQ's workers block on their connection; each side gets its own (maxRetriesPerRequest
  // null, as BullMQ asks), and both wait out a Redis restart instead of failing the process.
  const connect = () => {
    const client = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    client.on("error", () => undefined);
    return client;
  };
  const queueConnection = connect();
  const workerConnection = connect();
  const queue = new Queue(TICK_QUEUE, {
    connection: queueConnection,
    prefix,
    defaultJobOptions: {
      attempts: 1,
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  });
  queue.on("error", (error) => log.warn({ err: error }, "tick queue error"));
  const handle = async (job: { name: string; id?: string | undefined; data: unknown }) => {
    if (job.name === TICK_SCHEDULER) {
      const at = now();
      // Repair work looks back to the previous tick's start (three minutes of overlap), kept
      // in Redis so an outage or a late tick leaves no gap; the first tick looks back an hour.
      const previous = await queueConnection.getset(`${prefix}:tick:last`, at.toString());
      const since = (
        previous ? Temporal.Instant.from(previous) : at.subtract({ hours: 1 })
      ).subtract({ minutes: 3 });
      const installations = await listInstallations(options.app);
      // One job per installation while one waits or runs: a tick slower than the interval
      // does not pile up work, and one installation never runs on two replicas at once. The
      // slot of the scheduled tick names it, so a tick run again adds nothing new.
      const slot = (job.id ?? String(at.epochMilliseconds)).replaceAll(":", "-");
      await queue.addBulk(
        installations.map((installation) => ({
          name: "installation",
          data: { installation, now: at.toString(), since: since.toString() },
          opts: {
            jobId: `installation-${installation.id}-${slot}`,
            deduplication: { id: `installation-${installation.id}` },
          },
        })),
      );
      log.debug({ installations: installations.length }, "tick fanned out");
      return;
    }
    const data = job.data as InstallationJob;
    const end = metrics?.tickDuration.startTimer();
    try {
      const report = await tickInstallation(options.app, data.installation, jobs, {
        now: Temporal.Instant.from(data.now),
        since: Temporal.Instant.from(data.since),
        log,
        state,
        ...(options.lock ? { lock: options.lock } : {}),
        ...(options.appId ? { appId: options.appId } : {}),
      });
      end?.({ outcome: report.failures.length > 0 ? "failures" : "ok" });
      logTickReport(log, report, { installation: data.installation.id });
    } catch (error) {
      end?.({ outcome: "error" });
      throw error;
    }
  };
  const worker = new Worker(TICK_QUEUE, handle, {
    connection: workerConnection,
    prefix,
    concurrency: options.concurrency ?? 2,
  });
  worker.on("error", (error) => log.warn({ err: error }, "tick worker error"));
  worker.on("failed", (job, error) =>
    log.error({ err: error, job: job?.name, id: job?.id }, "tick job failed"),
  );
  // Not awaited: with Redis away at start-up, the server still starts (and is not ready);
  // the upsert goes through once Redis answers.
  queue
    .upsertJobScheduler(TICK_SCHEDULER, { every: options.intervalMs }, { name: TICK_SCHEDULER })
    .catch((error: unknown) => log.error({ err: error }, "cannot schedule the tick"));
  // A scrape never waits on Redis for long: with Redis away, the counts are left out.
  metrics?.observeQueue(() =>
    Promise.race([
      queue.getJobCounts("waiting", "active", "delayed", "failed"),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("tick queue: no answer")), 1000).unref(),
      ),
    ]),
  );
  return {
    queue,
    async stop() {
      // Finish the jobs under way on this replica; the others keep the schedule.
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
