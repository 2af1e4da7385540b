/**
 * A child of the receiver benchmark (bench/receiver-bench.ts): serves one of the two apps
 * until told to stop, sampling RSS. It loads only what its app needs (the no-op app never
 * loads async-status), so each RSS figure is that app's own.
 */
import { pino } from "pino";
import { run } from "probot";

const SECRET = "bench-secret";

/** In a child: serve one of the two apps until told to stop, sampling RSS. */
export async function serve(kind: string, port: number, apiPort: number): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    APP_ID: "1",
    PRIVATE_KEY: process.env.BENCH_PRIVATE_KEY,
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    HOST: "127.0.0.1",
    GHE_HOST: `127.0.0.1:${apiPort}`,
    GHE_PROTOCOL: "http",
    TICK_INTERVAL_MINUTES: "0",
    LOG_LEVEL: "silent",
  };
  const log = pino({ level: "silent" });
  const running =
    kind === "real"
      ? await (await import("../src/server.js")).startServer(env, { log })
      : await run(() => {}, { env, log });
  const stop = () => running.stop();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  process.send?.({ ready: true, startRss });
  process.on("message", async () => {
    clearInterval(sampler);
    process.send?.({ startRss, peakRss: Math.max(peakRss, process.memoryUsage().rss) });
    await stop();
    process.exit(0);
  });
}

const [kind = "", port = "0", apiPort = "0"] = process.argv.slice(2);
await serve(kind, Number(port), Number(apiPort));
