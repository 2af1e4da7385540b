/// <reference lib="es2024.arraybuffer" />
import type { IncomingMessage } from "node:http";

/** How reading a request body ended. */
export type BodyRead =
  /** The body, decoded as UTF-8 (invalid bytes become U+FFFD, as @octokit/webhooks does). */
  | { kind: "complete"; text: string }
  /** More than the cap arrived; nothing of it is kept and the stream is left paused. */
  | { kind: "too-large"; received: number }
  /** The client went away before the end. */
  | { kind: "aborted" };

/**
 * Read a request body, counting bytes as they stream in, and stop at `maxBytes`: the chunk
 * that passes the cap pauses the stream, so the rest is never read.
 *
 * A body that declares its length within the cap is read by `readDeclared`. One without a
 * length (chunked) goes into one resizable ArrayBuffer (its address space reserved up to the
 * cap, memory committed as it grows), which is shrunk back to nothing as soon as the body is
 * decoded or refused. (Reserving that space costs a few system calls, too slow for every
 * delivery, hence the two paths.) That frees the memory at once instead of at the garbage collector's
 * next full run, so refused bodies in a row do not pile up; the chunks themselves are
 * dropped young.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isSafeInteger(declared) && declared >= 0 && declared <= maxBytes) {
    return readDeclared(req, declared);
  }
  return new Promise((resolve) => {
    const store = new ArrayBuffer(0, { maxByteLength: maxBytes });
    const settle = (result: BodyRead) => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      store.resize(0);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      const received = store.byteLength + chunk.length;
      if (received > maxBytes) {
        req.pause();
        return settle({ kind: "too-large", received });
      }
      const at = store.byteLength;
      store.resize(received);
      chunk.copy(new Uint8Array(store, at));
    };
    const onEnd = () => settle({ kind: "complete", text: Buffer.from(store).toString("utf8") });
    const onAbort = () => settle({ kind: "aborted" });
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}

/**
 * A body with a Content-Length (GitHub always sends one) within the cap: its chunks are kept
 * as they come and joined once at the end, so memory follows the bytes that arrived, not the
 * length a client declared. More bytes than declared is a body over its own length: refused
 * like one over the cap, without keeping any of it.
 */
function readDeclared(req: IncomingMessage, length: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let at = 0;
    const settle = (result: BodyRead) => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      chunks = [];
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      at += chunk.length;
      if (at > length) {
        req.pause();
        return settle({ kind: "too-large", received: at });
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      settle(
        at === length
          ? { kind: "complete", text: Buffer.concat(chunks, at).toString("utf8") }
          : { kind: "aborted" },
      );
    const onAbort = () => settle({ kind: "aborted" });
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}
