import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  /** Decoded (`decodeURIComponent`), query string included. */
  path: string;
  /** As sent, for reading the query string with `URLSearchParams`. */
  url: string;
  body: unknown;
  headers: IncomingMessage["headers"];
  /** When it arrived (`Date.now()`). */
  at: number;
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>];
/** An answer computed from the request (now or later): status, body and extra headers. */
export type Responder = (request: FakeRequest) => Answer | Promise<Answer>;

type Route = {
  method: string;
  path: RegExp;
  respond: Responder;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A GitHub-compatible API on loopback, for tests that run the real server the way
 * `npm start` does (GHE_HOST=127.0.0.1:PORT GHE_PROTOCOL=http). Unknown routes answer 404
 * and are recorded, so a test can assert that nothing unexpected was asked. With `latencyMs`,
 * every answer takes a random time in that range, half before the route reads or changes
 * its state and half after, as a real network's would.
 */
export class FakeGitHub {
  readonly requests: FakeRequest[] = [];
  /** Requests no route answered (they got 404), or whose route threw (they got 500). */
  readonly unmatched: FakeRequest[] = [];
  readonly #routes: Route[] = [];
  readonly #latency: readonly [min: number, max: number];
  #server: Server | undefined;

  constructor(options: { latencyMs?: readonly [min: number, max: number] } = {}) {
    this.#latency = options.latencyMs ?? [0, 0];
  }

  /** Half of a random latency in the range (none without `latencyMs`). */
  #half(): Promise<unknown> | undefined {
    const [min, max] = this.#latency;
    if (max <= 0) return undefined;
    return pause((min + Math.random() * (max - min)) / 2);
  }

  route(
    method: string,
    path: RegExp,
    status: number,
    body: unknown,
    headers?: Record<string, string>,
  ): this {
    return this.respond(method, path, () => [status, body, headers]);
  }

  /** A route whose answer depends on the request (a GraphQL query, state kept by the test). */
  respond(method: string, path: RegExp, respond: Responder): this {
    this.#routes.push({ method, path, respond });
    return this;
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const url = req.url ?? "";
        const path = decodeURIComponent(url);
        let body: unknown = raw;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          /* keep raw */
        }
        const request = {
          method: req.method ?? "",
          path,
          url,
          body,
          headers: req.headers,
          at: Date.now(),
        };
        this.requests.push(request);
        const route = this.#routes.find((r) => r.method === req.method && r.path.test(path));
        if (!route) {
          this.unmatched.push(request);
          res
            .writeHead(404, { "content-type": "application/json" })
            .end(JSON.stringify({ message: "Not Found" }));
          return;
        }
        await this.#half();
        let answered: Answer;
        try {
          answered = await route.respond(request);
        } catch (error) {
          this.unmatched.push(request);
          answered = [500, { message: error instanceof Error ? error.message : String(error) }];
        }
        await this.#half();
        const [status, answer, headers] = answered;
        const text = typeof answer === "string" ? answer : JSON.stringify(answer);
        res
          .writeHead(status, {
            "content-type": "application/json; charset=utf-8",
            ...headers,
          })
          .end(answer === undefined ? undefined : text);
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
