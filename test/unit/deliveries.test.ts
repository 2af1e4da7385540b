import { describe, expect, jest, test } from "@jest/globals";
import { MemoryDeliveryLog, oncePerDelivery } from "../../src/github/deliveries.js";
import { KeyedLock } from "../../src/github/keyed-lock.js";

const quiet = () => ({ warn: jest.fn(), debug: jest.fn() });

describe("oncePerDelivery", () => {
  test("completed delivery, delivered again › the work does not run again", async () => {
    const log = new MemoryDeliveryLog();
    const work = jest.fn(async () => undefined);
    await oncePerDelivery(log, "d-1:template", work, quiet());
    await oncePerDelivery(log, "d-1:template", work, quiet());
    expect(work).toHaveBeenCalledTimes(1);
  });

  test("failed delivery, delivered again › runs again, and is recorded once it succeeds", async () => {
    const log = new MemoryDeliveryLog();
    const work = jest.fn(async () => undefined).mockRejectedValueOnce(new Error("GitHub said 502"));
    await expect(oncePerDelivery(log, "d-2:commands", work, quiet())).rejects.toThrow("502");
    expect(await log.completed("d-2:commands")).toBe(false);
    await oncePerDelivery(log, "d-2:commands", work, quiet());
    expect(await log.completed("d-2:commands")).toBe(true);
    expect(work).toHaveBeenCalledTimes(2);
  });

  test("the log unavailable › the work runs, with a warning", async () => {
    const logger = quiet();
    const broken = {
      completed: async () => {
        throw new Error("Redis is away");
      },
      record: async () => {
        throw new Error("Redis is away");
      },
    };
    const work = jest.fn(async () => undefined);
    await oncePerDelivery(broken, "d-3:template", work, logger);
    expect(work).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  test("no log, or no delivery id › the work always runs", async () => {
    const work = jest.fn(async () => undefined);
    await oncePerDelivery(undefined, "d-4:template", work, quiet());
    await oncePerDelivery(new MemoryDeliveryLog(), undefined, work, quiet());
    expect(work).toHaveBeenCalledTimes(2);
  });

  test("memory log › keeps the most recent `capacity` keys", async () => {
    const log = new MemoryDeliveryLog(2);
    for (const key of ["a", "b", "c"]) await log.record(key);
    expect([await log.completed("a"), await log.completed("b"), await log.completed("c")]).toEqual([
      false,
      true,
      true,
    ]);
  });
});

describe("oncePerDelivery under a lock", () => {
  test("two copies of one delivery at once › the work runs once", async () => {
    const log = new MemoryDeliveryLog();
    const lock = new KeyedLock();
    const work = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    await Promise.all([
      oncePerDelivery(log, "d-5:template", work, quiet(), lock),
      oncePerDelivery(log, "d-5:template", work, quiet(), lock),
    ]);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
