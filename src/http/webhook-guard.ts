import type { IncomingMessage, ServerResponse } from "node:http";
import { sign, verify } from "@octokit/webhooks-methods";
import type { Logger } from "pino";
import type { ApplicationFunction, Probot } from "probot";
import { MAX_WEBHOOK_BODY_BYTES, REFUSED_BODY_LINGER_MS } from "./limits.js";
import { pathOf, trimSlashes } from "./path.js";
import { readBody } from "./read-body.js";

/** Probot's webhook handler: answers requests on the webhook path, returns false for others. */
type WebhookHandler = Awaited<ReturnType<Probot["getNodeMiddleware"]>>;

export interface WebhookGuardOptions {
  /** Secrets a delivery may be signed with (WEBHOOK_SECRET, comma-separated): any one will do,
   * so a secret can be rotated without downtime. The guard is the verifier. */
  secrets: readonly string[];
  /**
   * The secret Probot was configured with: a random one of this process's own, known to
   * nothing outside it. A delivery the guard verified is re-signed with it, so Probot's own
   * check passes; anything that reached Probot without the guard fails that check.
   */
  probotSecret: string;
  log: Logger;
  /** The largest body read, in bytes. Default: {@link MAX_WEBHOOK_BODY_BYTES}. */
  maxBytes?: number;
  /**
   * Verified deliveries no handler would act on, answered `200` here without reaching Probot
   * (which builds an installation client for every event with a handler): for each event
   * name, a test of the parsed payload. Most comments hold no command of ours.
   */
  ignore?: Readonly<Record<string, (payload: Record<string, unknown>) => boolean>>;
}

/**
 * Wrap an app so that Probot's webhook handler only sees bounded, well-formed input.
 *
 * Probot's Server puts `probot.getNodeMiddleware()` first in its (private) handler list when
 * it starts, and `addHandler` appends after it, so the one seam in front of it that `run`
 * leaves is the Probot instance handed to the app function: this decorates that instance's
 * `getNodeMiddleware`, which `Server.start()` calls after loading the app. Setup mode (no
 * credentials) loads no app and is not guarded.
 */
export function withWebhookGuard(
  appFn: ApplicationFunction,
  options: WebhookGuardOptions,
): ApplicationFunction {
  return (probot, appOptions) => {
    const getNodeMiddleware = probot.getNodeMiddleware.bind(probot);
    probot.getNodeMiddleware = async (middlewareOptions = {}) =>
      guardWebhookHandler(await getNodeMiddleware(middlewareOptions), {
        ...options,
        path: middlewareOptions.path ?? probot.webhookPath,
      });
    return appFn(probot, appOptions);
  };
}

/**
 * The pre-handler. For a POST to the webhook path it:
 * - answers 413 at once to a Content-Length over the cap, without reading the body;
 * - reads any other body counting bytes, and answers 413 as soon as it passes the cap;
 * - verifies `X-Hub-Signature-256` against every secret, and answers 400 when none matches
 *   (with @octokit/webhooks' own message; the payload is not logged);
 * - answers 400 to a correctly signed body that is not a JSON object (`null`, an array, a
 *   number), which Probot would otherwise fail on with a 500, or that is not JSON at all
 *   (malformed JSON that starts like an object gets Probot's own 400, "Invalid JSON");
 * - re-signs a verified body with `probotSecret` for Probot, whose own check then passes.
 * Everything else goes to Probot's handler with the body read: @octokit/webhooks' node
 * middleware takes a string `request.body` instead of reading the stream again, and keeps
 * its own answers (415 and 400 for a wrong content type or missing headers; a request
 * without a signature fails its check). Nothing of the body is logged here.
 */
export function guardWebhookHandler(
  handler: WebhookHandler,
  options: WebhookGuardOptions & { path: string },
): WebhookHandler {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const webhookPath = trimSlashes(options.path);
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    next?: Parameters<WebhookHandler>[2],
  ) => {
    if (req.method !== "POST" || pathOf(req.url) !== webhookPath) return handler(req, res, next);
    const log = options.log.child({
      delivery: req.headers["x-github-delivery"],
      event: req.headers["x-github-event"],
    });
    const tooLarge = () => {
      log.warn({ maxBytes }, "webhook body over the size cap refused");
      return refuseBody(
        req,
        res,
        `Payload too large: webhook bodies are limited to ${maxBytes} bytes`,
      );
    };
    if (Number(req.headers["content-length"]) > maxBytes) return tooLarge();
    const read = await readBody(req, maxBytes);
    if (read.kind === "aborted") return true;
    if (read.kind === "too-large") return tooLarge();
    const body = read.text;
    const signature = req.headers["x-hub-signature-256"];
    if (typeof signature === "string") {
      if (!(await signedByAny(options.secrets, body, signature))) {
        log.warn("webhook refused: signature does not match event payload and any secret");
        return badRequest(res, BAD_SIGNATURE);
      }
      const problem = shapeProblem(body);
      if (problem) {
        log.warn({ problem }, "signed webhook body refused");
        return badRequest(res, problem);
      }
      const event = req.headers["x-github-event"];
      const ignore = typeof event === "string" ? options.ignore?.[event] : undefined;
      if (ignore && ignored(ignore, body)) {
        log.debug("nothing for the app in this delivery: answered without handling");
        res.writeHead(200, { "content-type": "text/plain" }).end("ok: nothing to do\n");
        return true;
      }
      req.headers["x-hub-signature-256"] = await sign(options.probotSecret, body);
    }
    Object.assign(req, { body });
    return handler(req, res, next);
  };
}

/** Whether a verified body is one to ignore; malformed JSON is left to Probot's own 400. */
function ignored(test: (payload: Record<string, unknown>) => boolean, body: string): boolean {
  try {
    return test(JSON.parse(body) as Record<string, unknown>);
  } catch {
    return false;
  }
}

/** @octokit/webhooks' own answer to a bad signature, so clients see no difference. */
const BAD_SIGNATURE =
  "Error: [@octokit/webhooks] signature does not match event payload and secret";

/**
 * Why a verified body is refused, or undefined to hand it on. Probot parses the body once
 * more and answers malformed JSON itself (400 "Invalid JSON"), so a body whose first
 * character past whitespace is `{` (an object, if it parses) is not parsed here; anything
 * else cannot be an object and is parsed only to say what it is.
 */
function shapeProblem(body: string): string | undefined {
  if (/^[ \t\n\r]*\{/.test(body)) return;
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return "Invalid JSON: the webhook payload could not be parsed";
  }
  const kind = payload === null ? "null" : Array.isArray(payload) ? "an array" : typeof payload;
  return `Invalid payload: a webhook payload must be a JSON object, not ${kind}`;
}

async function signedByAny(secrets: readonly string[], body: string, signature: string) {
  for (const secret of secrets) {
    // verify() throws on an empty body or signature: that is not a match either.
    if (await verify(secret, body, signature).catch(() => false)) return true;
  }
  return false;
}

/** Answer 400 with a JSON `error`, as Probot's own answers are. */
function badRequest(res: ServerResponse, error: string): true {
  const text = JSON.stringify({ error });
  res
    .writeHead(400, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    })
    .end(text);
  return true;
}

/**
 * Answer 413 and close the connection without reading any more of the body. The answer is
 * sent whole at once while the body stays unread (the client's writes stall), and the
 * response is ended {@link REFUSED_BODY_LINGER_MS} later, which makes Node close the socket
 * (`Connection: close`). Closing at once would reset the connection under a client still
 * writing, which then often never sees the 413.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, error: string): true {
  const text = JSON.stringify({ error });
  res.writeHead(413, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    connection: "close",
  });
  res.write(text);
  req.pause();
  const timer = setTimeout(() => res.end(), REFUSED_BODY_LINGER_MS);
  req.once("close", () => clearTimeout(timer));
  return true;
}
