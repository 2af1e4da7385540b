import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/http/limits.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { type RealServer, sign, startRealServer } from "./real-server.js";
import { streamPost } from "./stream-post.js";

const MiB = 1024 * 1024;
const TOO_LARGE = `{"error":"Payload too large: webhook bodies are limited to ${MAX_WEBHOOK_BODY_BYTES} bytes"}`;
const headers = (id: string, signature = `sha256=${"0".repeat(64)}`) => ({
  "content-type": "application/json",
  "x-github-event": "ping",
  "x-github-delivery": id,
  "x-hub-signature-256": signature,
});

describe("bounded input: webhook bodies on the real server", () => {
  // Nothing here may reach GitHub: every request the fake records is a failure.
  const github = new FakeGitHub();
  let server: RealServer;

  beforeAll(async () => {
    server = await startRealServer(github, { TICK_INTERVAL_MINUTES: "0" });
  });
  afterAll(async () => {
    await server.stop();
  });

  const deliver = (body: string | ReadableStream<Uint8Array>, id: string, signature: string) =>
    fetch(`${server.base}/api/github/webhooks`, {
      method: "POST",
      headers: headers(id, signature),
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);

  test("Content-Length of 26 MiB › 413 at once, while the body has not been sent", async () => {
    // Only 64 KiB of the declared 26 MiB is ever sent: a server reading the body would wait.
    const res = await streamPost({
      port: server.port,
      headers: headers("too-large-declared"),
      declare: 26 * MiB,
      send: 64 * 1024,
    });
    expect(res).toEqual({ status: 413, body: TOO_LARGE, sent: 64 * 1024 });
    expect(server.logs.join("")).toContain("webhook body over the size cap refused");
  });

  test("chunked body streaming past 25 MiB › 413 once the cap is passed", async () => {
    const res = await streamPost({
      port: server.port,
      headers: headers("too-large-chunked"),
      send: 100 * MiB,
    });
    expect(res.status).toBe(413);
    expect(res.body).toBe(TOO_LARGE);
    // Counted up to the cap, not refused on sight; and refused long before the 100 MiB end.
    expect(res.sent).toBeGreaterThan(MAX_WEBHOOK_BODY_BYTES);
    expect(res.sent).toBeLessThan(50 * MiB);
  });

  test("signed chunked body of exactly 25 MiB › accepted (200)", async () => {
    const body = `{"zen":"${" ".repeat(MAX_WEBHOOK_BODY_BYTES - 10)}"}`;
    expect(Buffer.byteLength(body)).toBe(MAX_WEBHOOK_BODY_BYTES);
    const bytes = Buffer.from(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += MiB)
          controller.enqueue(bytes.subarray(at, at + MiB));
        controller.close();
      },
    });
    const res = await deliver(stream, "at-the-cap", sign(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });

  test.each([
    ["null", "null", "null"],
    ["an array", "[]", "an array"],
    ["a number", "42", "number"],
    ["a string", '"hello"', "string"],
  ])("signed body that is %s › 400 with a message, nothing handled", async (_name, body, kind) => {
    const res = await deliver(body, `non-object-${kind}`, sign(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: `Invalid payload: a webhook payload must be a JSON object, not ${kind}`,
    });
  });

  test.each([
    ["a truncated object", '{"action":', "SyntaxError: Invalid JSON"],
    ["not JSON at all", "nul", "Invalid JSON: the webhook payload could not be parsed"],
  ])("signed malformed JSON, %s › 400", async (_name, body, error) => {
    const res = await deliver(body, `malformed-${body.length}`, sign(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  test("badly signed `null` › Probot's 400 for the signature, not the payload's", async () => {
    const res = await deliver("null", "bad-null", sign("null", "wrong-secret"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "Error: [@octokit/webhooks] signature does not match event payload and secret",
    });
  });

  test("signed ping event › still handled (200)", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const res = await deliver(body, "ping-ok", sign(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });

  test("signed issue_comment without a command › answered here, never handed to Probot (no token, no request)", async () => {
    const body = JSON.stringify({
      action: "created",
      comment: { id: 1, body: "Looks good to me.\n\nThanks!" },
      issue: { number: 1 },
      installation: { id: 2 },
    });
    const res = await fetch(`${server.base}/api/github/webhooks`, {
      method: "POST",
      headers: { ...headers("comment-no-command", sign(body)), "x-github-event": "issue_comment" },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok: nothing to do\n");
  });

  test("none of the above reached GitHub", () => {
    expect(github.calls()).toEqual([]);
  });
});
