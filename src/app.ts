import type { ApplicationFunction } from "probot";
import { Temporal } from "temporal-polyfill";
import { isAppLabel } from "./capabilities.js";
import { ConfigCache } from "./config/cache.js";
import { handlePushEvent, PUSH_EVENTS } from "./config/push.js";
import { COMMENT_EVENTS, handleCommentEvent } from "./decisions/index.js";
import { type DeliveryLog, oncePerDelivery } from "./github/deliveries.js";
import { KeyedLimit } from "./github/keyed-limit.js";
import { type ItemLock, KeyedLock } from "./github/keyed-lock.js";
import {
  handleTemplateEvent,
  ISSUE_EVENTS,
  PULL_REQUEST_EVENTS,
  TemplateCache,
} from "./template-check/index.js";

export interface AppOptions {
  /** The GitHub App id, used to trust only this app's own marked comments. */
  appId?: number;
  /** The clock; injected so deadlines can be tested at any "now". */
  now?: () => Temporal.Instant;
  /** Shared with the in-process tick, so both never work on one issue at once. */
  lock?: ItemLock;
  /** Handlers running at once per installation (default 4); the rest wait their turn. */
  perInstallation?: number;
  /**
   * Deliveries whose work completed (by X-GitHub-Delivery): a redelivery of one is skipped.
   * The server passes one (shared through Redis with REDIS_URL); tests of handlers pass none.
   */
  deliveries?: DeliveryLog;
  /** Loaded configurations per repository (10 minutes, invalidated by `push`); tests pass their own. */
  configs?: ConfigCache;
}

/** Handlers running at once per installation, by default. */
export const HANDLERS_PER_INSTALLATION = 4;

/** Wires webhook events to handlers. No logic lives here. */
export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const lock = options.lock ?? new KeyedLock();
    const now = options.now ?? (() => Temporal.Now.instant());
    const configs = options.configs ?? new ConfigCache();
    const deps = {
      lock,
      configs,
      now,
      templates: new TemplateCache(),
      isAppLabel: (name: string) => isAppLabel(name),
      ...(options.appId ? { appId: options.appId } : {}),
    };
    // One installation's burst queues behind itself: other installations are not delayed.
    const limit = new KeyedLimit(options.perInstallation ?? HANDLERS_PER_INSTALLATION);
    const tenant = (payload: { installation?: { id: number } }) =>
      String(payload.installation?.id ?? "none");
    const once = (
      context: { id: string; log: Parameters<typeof oncePerDelivery>[3] },
      handler: string,
      work: () => Promise<void>,
    ) => oncePerDelivery(options.deliveries, `${context.id}:${handler}`, work, context.log, lock);
    app.on([...PULL_REQUEST_EVENTS, ...ISSUE_EVENTS], (context) =>
      limit.run(tenant(context.payload), () =>
        once(context, "template", () => handleTemplateEvent(context, deps)),
      ),
    );
    app.on([...COMMENT_EVENTS], (context) =>
      limit.run(tenant(context.payload), () =>
        once(context, "commands", () => handleCommentEvent(context, deps)),
      ),
    );
    app.on([...PUSH_EVENTS], (context) => handlePushEvent(context, { configs }));
  };
}
