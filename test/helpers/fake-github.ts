import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  body: unknown;
  headers: IncomingMessage["headers"];
}

/** An answer computed from the request: status, body and extra headers. */
export type Responder = (
  request: FakeRequest,
) => [status: number, body: unknown, headers?: Record<string, string>];

type Route = {
  method: string;
  path: RegExp;
  respond: Responder;
};

/**
 * A GitHub-compatible API on loopback, for tests that run the real server the way
 * `npm start` does (GHE_HOST=127.0.0.1:PORT GHE_PROTOCOL=http). Unknown routes answer 404
 * and are recorded, so a test can assert that nothing unexpected was asked.
 */
export class FakeGitHub {
  readonly requests: FakeRequest[] = [];
  /** Requests no route answered (they got 404). */
  readonly unmatched: FakeRequest[] = [];
  readonly #routes: Route[] = [];
  #server: Server | undefined;

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
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const path = decodeURIComponent(req.url ?? "");
        let body: unknown = raw;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          /* keep raw */
        }
        const request = { method: req.method ?? "", path, body, headers: req.headers };
        this.requests.push(request);
        const route = this.#routes.find((r) => r.method === req.method && r.path.test(path));
        if (!route) {
          this.unmatched.push(request);
          res
            .writeHead(404, { "content-type": "application/json" })
            .end(JSON.stringify({ message: "Not Found" }));
          return;
        }
        const [status, answer, headers] = route.respond(request);
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
