import { createServer, type Server } from "node:http";
import type { Metrics } from "../metrics.js";
import { serveMetrics } from "./ops.js";
import { pathOf } from "./path.js";

export interface MetricsServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * The listener of METRICS_PORT: GET /metrics, and 404 for anything else, so that metrics
 * can stay on an internal port while PORT faces GitHub.
 */
export async function startMetricsServer(
  metrics: Metrics,
  options: { port: number; host: string },
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if ((req.method === "GET" || req.method === "HEAD") && pathOf(req.url) === "/metrics") {
      serveMetrics(res, metrics).catch(() => res.writeHead(500).end());
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: options.port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
