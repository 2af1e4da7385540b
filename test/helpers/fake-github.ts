import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  body: unknown;
  headers: IncomingMessage["headers"];
}

type Route = {
  method: string;
  path: RegExp;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};

/**
 * A GitHub-compatible API on loopback, for tests that run the real server the way
 * `npm start` does (GHE_HOST=127.0.0.1:PORT GHE_PROTOCOL=http). Unknown routes answer 404
 * and are recorded, so a test can assert that nothing unexpected was asked.
 */
export class FakeGitHub {
  readonly requests: FakeRequest[] = [];
  readonly #routes: Route[] = [];
  #server: Server | undefined;

  route(
    method: string,
    path: RegExp,
    status: number,
    body: unknown,
    headers?: Record<string, string>,
  ): this {
    this.#routes.push({ method, path, status, body, ...(headers ? { headers } : {}) });
    return this;
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const path = decodeURIComponent(req.url ?? "");
        let body: unknown = raw;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          /* keep raw */
        }
        this.requests.push({ method: req.method ?? "", path, body, headers: req.headers });
        const route = this.#routes.find((r) => r.method === req.method && r.path.test(path));
        if (!route) {
          res
            .writeHead(404, { "content-type": "application/json" })
            .end(JSON.stringify({ message: "Not Found" }));
          return;
        }
        const text = typeof route.body === "string" ? route.body : JSON.stringify(route.body);
        res
          .writeHead(route.status, {
            "content-type": "application/json; charset=utf-8",
            ...route.headers,
          })
          .end(text);
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve(),
    );
  }
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
