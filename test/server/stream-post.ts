import { connect } from "node:net";

export interface StreamPostOptions {
  port: number;
  headers: Record<string, string>;
  /** How many bytes to send, in 64 KiB chunks of spaces: never allocated at once. */
  send: number;
  /** A Content-Length to declare; without one the body goes chunked. */
  declare?: number;
}

export interface StreamPostResult {
  status: number;
  body: string;
  /** Body bytes the socket accepted before the answer came (writes honour backpressure). */
  sent: number;
}

const CHUNK = Buffer.alloc(64 * 1024, " ");

/**
 * POST a large body to the webhook path chunk by chunk, and stop writing when the answer
 * arrives, as a well-behaved client does.
 *
 * It speaks HTTP/1.1 on a plain socket rather than through node:http: nock, which other
 * test files activate and never restore, stays patched into node:http for the rest of a
 * Jest worker, and its ClientRequest takes every write at once (no backpressure), so a
 * 100 MiB body would be buffered in the test instead of streamed.
 */
export function streamPost({ port, headers, send, declare }: StreamPostOptions) {
  return new Promise<StreamPostResult>((resolve, reject) => {
    const chunked = declare === undefined;
    const head = [
      "POST /api/github/webhooks HTTP/1.1",
      `host: 127.0.0.1:${port}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      chunked ? "transfer-encoding: chunked" : `content-length: ${declare}`,
    ];
    let sent = 0;
    let answer: StreamPostResult | undefined;
    let received = Buffer.alloc(0);
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
      pump();
    });
    const pump = () => {
      while (sent < send && !answer) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, send - sent));
        sent += piece.length;
        const framed = chunked ? [`${piece.length.toString(16)}\r\n`, piece, "\r\n"] : [piece];
        // Every part is written; the last write's answer says whether to wait for 'drain'.
        const more = framed.map((part) => socket.write(part)).at(-1);
        if (!more) return void socket.once("drain", pump);
      }
      if (sent === send && chunked && !answer) socket.write("0\r\n\r\n");
    };
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0 || answer) return;
      const lines = received.subarray(0, end).toString("latin1").split("\r\n");
      const length = Number(/^content-length:\s*(\d+)/im.exec(lines.join("\n"))?.[1]);
      if (received.length < end + 4 + length) return;
      const body = received.subarray(end + 4, end + 4 + length).toString("utf8");
      answer = { status: Number(lines[0]?.split(" ")[1]), body, sent };
      socket.destroy();
      resolve(answer);
    });
    // The server closing the connection under our writes, after its answer, is expected.
    socket.on("error", (error) => answer ?? reject(error));
    socket.on("close", () => answer ?? reject(new Error("connection closed without an answer")));
  });
}
