/**
 * The largest webhook body the server reads: 25 MiB (26,214,400 bytes). GitHub caps the
 * payloads it delivers at 25 MB, so nothing GitHub sends is refused; anything larger is
 * answered 413 before it is buffered or its signature checked.
 */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;

/**
 * How long the connection of a refused (413) body stays open, unread, after the answer is
 * sent, so that a client still writing reads the 413 instead of a connection reset; then
 * it is closed. (nginx's lingering close, without reading.)
 */
export const REFUSED_BODY_LINGER_MS = 2_000;
