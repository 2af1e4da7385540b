import type { ApplicationFunction } from "probot";
import { KeyedLock } from "./github/keyed-lock.js";
import {
  handleTemplateEvent,
  ISSUE_EVENTS,
  PULL_REQUEST_EVENTS,
} from "./template-check/handler.js";

export interface AppOptions {
  /** The GitHub App id, used to trust only this app's own marked comments. */
  appId?: number;
}

/** Wires webhook events to handlers. No logic lives here. */
export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const deps = { lock: new KeyedLock(), ...options };
    app.on([...PULL_REQUEST_EVENTS, ...ISSUE_EVENTS], (context) =>
      handleTemplateEvent(context, deps),
    );
  };
}
