import { getTransformStream } from "@probot/pino";
import { type LogFn, type Logger, pino, stdSerializers } from "pino";

/** What an Octokit request error is logged as: where the request went and what GitHub said. */
export interface SerializedRequestError {
  type: string;
  message: string;
  /** HTTP status; absent for a GraphQL error answer (HTTP 200). */
  status?: number;
  /** Absent for a GraphQL error answer, whose request holds only the query and variables. */
  method?: string;
  /** The URL's path only: the query string (search terms, `access_token=`) is dropped. */
  path?: string;
  /** GitHub's `x-github-request-id`, for support requests. */
  requestId?: string;
}

/** A thrown value pino would treat as an error (what pino-std-serializers checks). */
const isErrorLike = (value: unknown): value is Error =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { message?: unknown }).message === "string";

const MAX_MESSAGE = 500;

/**
 * An Octokit `RequestError` (it has `status` and `request`) or `GraphqlResponseError`, reduced
 * to type, message, status, method, path and request id. Everything else they carry is
 * left out: the request body (a user's recommendation, a comment), the response data, and the
 * headers (the request's `authorization`). A message is what GitHub answered, which for a
 * non-JSON answer is the whole page, so it is cut short.
 */
function requestErrorSummary(error: Error): SerializedRequestError | undefined {
  const e = error as Error & {
    status?: unknown;
    request?: unknown;
    response?: unknown;
    headers?: unknown;
  };
  const graphql = error.name === "GraphqlResponseError";
  if (typeof e.request !== "object" || e.request === null) return undefined;
  if (typeof e.status !== "number" && !graphql) return undefined;
  const request = e.request as { method?: unknown; url?: unknown };
  const headers = (
    graphql ? e.headers : (e.response as { headers?: unknown } | undefined)?.headers
  ) as Record<string, unknown> | undefined;
  const requestId = headers?.["x-github-request-id"];
  const message =
    error.message.length > MAX_MESSAGE ? `${error.message.slice(0, MAX_MESSAGE)}…` : error.message;
  return {
    type: error.constructor?.name || error.name,
    message,
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    ...(typeof request.method === "string" ? { method: request.method } : {}),
    ...(typeof request.url === "string" ? { path: urlPath(request.url) } : {}),
    ...(typeof requestId === "string" ? { requestId } : {}),
  };
}

function urlPath(url: string): string {
  try {
    return new URL(url, "https://api.github.com").pathname;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? "";
  }
}

/**
 * pino's `err` serializer for the app's logger and every child of it (Probot's included, which
 * log a handler's error as `log.error(error)`, the same key). An Octokit request error is
 * reduced to `requestErrorSummary`, wherever it sits: the error itself, a property of it, or
 * an AggregateError's `errors`. Other errors get pino's standard serializer, without the
 * webhook payload Probot attaches as `event`: a delivery that failed signature verification is
 * untrusted input (and may be anyone's data), so it must never reach the logs; for other
 * errors the delivery id and event name are enough.
 */
export function serializeError(error: unknown): unknown {
  return serialize(error, new WeakSet());
}

function serialize(value: unknown, seen: WeakSet<object>): unknown {
  if (!isErrorLike(value)) return value;
  const summary = requestErrorSummary(value);
  if (summary) return summary;
  if (seen.has(value)) return { type: value.constructor?.name, message: value.message };
  seen.add(value);
  const out = stdSerializers.err(value) as unknown as Record<string, unknown>;
  const original = value as unknown as Record<string, unknown>;
  for (const key of Object.keys(out)) {
    // pino puts an AggregateError's children under `aggregateErrors`, serialised its own way.
    const source = key === "aggregateErrors" ? original.errors : original[key];
    if (key === "event" && typeof source === "object" && source !== null) {
      const { id, name } = source as { id?: unknown; name?: unknown };
      out.event = { id, name };
    } else if (isErrorLike(source)) {
      out[key] = serialize(source, seen);
    } else if (Array.isArray(source) && source.some(isErrorLike)) {
      out[key] = source.map((item) => serialize(item, seen));
    }
  }
  return out;
}

/**
 * The app's logger: Probot's own format (pretty in development, JSON when NODE_ENV is
 * production or LOG_FORMAT=json) at LOG_LEVEL, with error serialisation free of payloads and
 * request bodies (`serializeError`), which Probot's child loggers inherit.
 */
export async function createLogger(
  env: NodeJS.ProcessEnv,
  destination: NodeJS.WritableStream = process.stdout,
): Promise<Logger> {
  const logFormat =
    env.LOG_FORMAT === "pretty" || env.LOG_FORMAT === "json"
      ? env.LOG_FORMAT
      : env.NODE_ENV === "production"
        ? "json"
        : "pretty";
  const transform = await getTransformStream({
    logFormat,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    ...(env.SENTRY_DSN ? { sentryDsn: env.SENTRY_DSN } : {}),
  });
  transform.pipe(destination);
  return pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      serializers: { err: serializeError },
      hooks: { logMethod: shortMessageForRequestErrors },
    },
    transform,
  );
}

/**
 * `log.error(error)` without a message makes the error's message the line's `msg`, and an
 * Octokit error's message can be a whole answer from GitHub: such a line gets the shortened
 * message the serializer logs. Hooks, like serializers, are shared by child loggers.
 */
function shortMessageForRequestErrors(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first, ...rest] = args as unknown[];
  const summary = rest.length === 0 && isErrorLike(first) ? requestErrorSummary(first) : undefined;
  if (summary) method.call(this, first as object, summary.message);
  else method.apply(this, args);
}
