import { afterEach, beforeEach, expect } from "@jest/globals";
import nock from "nock";

/**
 * No real network in the test file; after each test, fail if an expected request was not made
 * (unexpected requests already fail: nock answers them with an error).
 */
export function useNock(options: { allPending?: boolean } = {}): void {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    if (options.allPending !== false) expect(pending).toEqual([]);
  });
}
