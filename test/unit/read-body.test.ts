import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, test } from "@jest/globals";
import { readBody } from "../../src/http/read-body.js";

/** A request stream with the given headers, fed `chunks`, then ended or closed. */
function request(headers: Record<string, string>, chunks: string[], end: "end" | "close") {
  const stream = new PassThrough();
  Object.assign(stream, { headers });
  setImmediate(() => {
    for (const chunk of chunks) stream.write(Buffer.from(chunk, "utf8"));
    if (end === "end") stream.end();
    else stream.destroy();
  });
  return stream as unknown as IncomingMessage;
}

describe("readBody", () => {
  const body = '{"comment":{"body":"Grüße 👋"}}';
  const length = String(Buffer.byteLength(body));

  test.each([
    ["declared length", { "content-length": length }],
    ["chunked (no length)", {}],
  ])("%s › body in three chunks › the whole UTF-8 text", async (_name, headers) => {
    const chunks = [body.slice(0, 5), body.slice(5, 22), body.slice(22)];
    await expect(readBody(request(headers, chunks, "end"), 1000)).resolves.toEqual({
      kind: "complete",
      text: body,
    });
  });

  test("declared length › fewer bytes, then the client goes away › aborted", async () => {
    await expect(
      readBody(request({ "content-length": "100" }, ['{"a":'], "close"), 1000),
    ).resolves.toEqual({ kind: "aborted" });
  });

  test("declared length › more bytes than declared › refused, nothing kept", async () => {
    await expect(
      readBody(request({ "content-length": "4" }, ['{"a":1}'], "end"), 1000),
    ).resolves.toEqual({ kind: "too-large", received: 7 });
  });

  test("declared over the cap › read as a stream, refused at the cap", async () => {
    await expect(
      readBody(
        request({ "content-length": "5000" }, ["x".repeat(600), "x".repeat(600)], "end"),
        1000,
      ),
    ).resolves.toEqual({ kind: "too-large", received: 1200 });
  });

  test("declared length 0 › empty text", async () => {
    await expect(readBody(request({ "content-length": "0" }, [], "end"), 1000)).resolves.toEqual({
      kind: "complete",
      text: "",
    });
  });
});
