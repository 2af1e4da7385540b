import { describe, expect, test } from "@jest/globals";
import { KeyedLimit } from "../../src/github/keyed-limit.js";

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let open: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    work: async () => {
      log.push(name);
      await done;
    },
    open: () => open(),
  };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("KeyedLimit", () => {
  test("a burst in one key › at most `limit` run, the rest wait in order; another key starts at once", async () => {
    const limit = new KeyedLimit(2);
    const log: string[] = [];
    const a = ["a1", "a2", "a3", "a4"].map((n) => gate(log, n));
    const b = gate(log, "b1");
    const runs = a.map((g) => limit.run("A", g.work));
    const other = limit.run("B", b.work);
    await tick();
    expect(log).toEqual(["a1", "a2", "b1"]);
    expect(limit.waiting("A")).toBe(2);

    a[0]?.open();
    await tick();
    await tick();
    expect(log).toEqual(["a1", "a2", "b1", "a3"]);

    for (const g of [...a, b]) g.open();
    await Promise.all([...runs, other]);
    expect(log).toEqual(["a1", "a2", "b1", "a3", "a4"]);
    expect(limit.waiting("A")).toBe(0);
  });

  test("a failing task › frees its slot and the error reaches the caller", async () => {
    const limit = new KeyedLimit(1);
    await expect(limit.run("A", async () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    expect(await limit.run("A", async () => "next")).toBe("next");
  });
});
