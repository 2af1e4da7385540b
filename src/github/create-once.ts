import type { EffectPorts } from "./port.js";

/** An error after which a POST may still have committed: a 5xx, or no HTTP answer at all. */
export function mayHaveCommitted(error: unknown): boolean {
  const status =
    typeof error === "object" && error !== null && "status" in error
      ? Number((error as { status: unknown }).status)
      : undefined;
  return status === undefined || Number.isNaN(status) || status >= 500;
}

/** Octokit request options that turn off the blind retry of @octokit/plugin-retry. */
export const NO_BLIND_RETRY = { request: { retries: 0 } } as const;

const ATTEMPTS = 3;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Create something that must exist once (a comment, an issue). GitHub can commit a POST and
 * still answer 502, so a failed attempt is never repeated blindly: after an error that may
 * have committed, `committed()` looks for what the POST would have created (by its marker),
 * and only when it is absent is the POST sent again, up to three attempts in all. Other
 * errors (4xx) go up at once.
 */
export async function createOnce<T>(
  ports: Pick<EffectPorts, "log">,
  what: string,
  create: () => Promise<T>,
  committed: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!mayHaveCommitted(error)) throw error;
      const found = await committed();
      if (found !== undefined) {
        ports.log.warn({ what, attempt }, "the write failed but had committed; not repeated");
        return found;
      }
      if (attempt >= ATTEMPTS) throw error;
      ports.log.warn({ what, attempt }, "the write failed and did not commit; trying again");
      await pause(250 * 2 ** (attempt - 1));
    }
  }
}
