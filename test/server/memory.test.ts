import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/http/limits.js";
import { type ChildServer, sign, spawnBuiltServer } from "./real-server.js";
import { streamPost } from "./stream-post.js";

const MiB = 1024 * 1024;
const headers = (id: string) => ({
  "content-type": "application/json",
  "x-github-event": "ping",
  "x-github-delivery": id,
  "x-hub-signature-256": sign("another body"),
});

/** The process's peak resident set so far (VmHWM), in MiB. */
const peakRss = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
};

// The peak is read from /proc, which only Linux (where CI runs) has.
const onLinux = process.platform === "linux" ? describe : describe.skip;

onLinux(
  "bounded input: memory of the built server (`node dist/src/main.js`) under oversized bodies",
  () => {
    let server: ChildServer;
    let idle: number;

    beforeAll(async () => {
      server = await spawnBuiltServer();
      // Warm up the code paths of a delivery and of a refusal, without reading a large body.
      const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
      const res = await fetch(`http://127.0.0.1:${server.port}/api/github/webhooks`, {
        method: "POST",
        headers: { ...headers("warm-up"), "x-hub-signature-256": sign(ping) },
        body: ping,
      });
      expect(res.status).toBe(200);
      await streamPost({
        port: server.port,
        headers: headers("warm-up-413"),
        declare: 26 * MiB,
        send: MiB,
      });
      idle = peakRss(server.pid);
    });
    afterAll(async () => {
      await server?.stop();
    });

    /** Send five such bodies one after another; each must be refused. The rise of the peak
     * RSS, in MiB. */
    const refuseFive = async (name: string, body: { send: number; declare?: number }) => {
      for (let i = 0; i < 5; i++) {
        const res = await streamPost({
          port: server.port,
          headers: headers(`${name}-${i}`),
          ...body,
        });
        expect(res.status).toBe(413);
      }
      return peakRss(server.pid) - idle;
    };

    test("five bodies declaring 100 MiB › all 413, and peak RSS stays within 50 MiB of idle", async () => {
      const rise = await refuseFive("declared", { declare: 100 * MiB, send: 100 * MiB });
      expect(rise).toBeLessThan(50);
    });

    // Without a Content-Length the first 25 MiB must be read to know the body is too large:
    // one body's worth is in memory then, on top of Node's own chunks, which the garbage
    // collector frees lazily. What must not happen is memory growing with what was sent.
    test("five chunked bodies of 30 MiB › all 413, and peak RSS stays within 25 MiB + 50 MiB of idle", async () => {
      const rise = await refuseFive("chunked", { send: 30 * MiB });
      expect(rise).toBeLessThan(MAX_WEBHOOK_BODY_BYTES / MiB + 50);
    });
  },
);
