import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

/** Redis commands in RESP, as a client sends them. */
function command(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

/**
 * Whether the Redis at `url` (redis:// or rediss://, with an optional user and password)
 * answers PING within `timeoutMs`: AUTH when the URL has a password, then PING, and every
 * reply must be a status reply (`+OK`, `+PONG`). Rejects with the reason otherwise. Only
 * for readiness: Probot's throttling keeps its own connection (ioredis).
 */
export function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const target = new URL(url);
  const port = Number(target.port || 6379);
  const host = target.hostname;
  const password = decodeURIComponent(target.password);
  const user = decodeURIComponent(target.username);
  const commands = [
    ...(password ? [user ? command("AUTH", user, password) : command("AUTH", password)] : []),
    command("PING"),
  ];
  return new Promise((resolve, reject) => {
    const socket: Socket =
      target.protocol === "rediss:"
        ? connectTls({ host, port, servername: host })
        : connectTcp({ host, port });
    let replies = "";
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer from Redis in ${timeoutMs} ms`)));
    socket.once("error", (error) => done(error));
    socket.once(target.protocol === "rediss:" ? "secureConnect" : "connect", () =>
      socket.write(commands.join("")),
    );
    socket.on("data", (chunk: Buffer) => {
      replies += chunk.toString("utf8");
      // Complete lines only: a reply may arrive in pieces.
      const lines = replies.split("\r\n").slice(0, -1);
      const failed = lines.find((line) => !line.startsWith("+"));
      if (failed) return done(new Error(`Redis answered ${failed.slice(0, 200)}`));
      if (lines.length >= commands.length) done();
    });
  });
}
