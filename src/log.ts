import { getTransformStream } from "@probot/pino";
import { type Logger, pino, stdSerializers } from "pino";

type SerializedError = ReturnType<typeof stdSerializers.err> & {
  event?: { id?: unknown; name?: unknown; payload?: unknown };
};

/**
 * Serialise errors without the webhook payload Probot attaches to them. A delivery that
 * failed signature verification is untrusted input (and may be anyone's data), so it must
 * never reach the logs; for other errors the delivery id and event name are enough.
 */
export function serializeError(error: Error): SerializedError {
  return withoutPayloads(stdSerializers.err(error)) as SerializedError;
}

function withoutPayloads(serialized: unknown): unknown {
  if (typeof serialized !== "object" || serialized === null) return serialized;
  const copy = { ...(serialized as Record<string, unknown>) };
  const event = copy.event;
  if (event && typeof event === "object") {
    const { id, name } = event as { id?: unknown; name?: unknown };
    copy.event = { id, name };
  }
  // pino puts an AggregateError's children under `aggregateErrors`.
  for (const key of ["aggregateErrors", "errors"]) {
    if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map(withoutPayloads);
  }
  return copy;
}

/**
 * The app's logger: Probot's own format (pretty in development, JSON when NODE_ENV is
 * production or LOG_FORMAT=json) at LOG_LEVEL, with payload-free error serialisation.
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
    { level: env.LOG_LEVEL || "info", name: "probot", serializers: { err: serializeError } },
    transform,
  );
}
