import type { Redis } from "ioredis";
import type { DeliveryLog } from "../github/deliveries.js";

/** Kept as long as GitHub lets a delivery be redelivered from the app's settings (3 days), and then some. */
const KEEP_SECONDS = 7 * 24 * 3600;

/** The delivery log every replica shares: one Redis key per completed delivery and handler. */
export class RedisDeliveryLog implements DeliveryLog {
  constructor(
    readonly client: Redis,
    readonly prefix = "async-status:delivery:",
  ) {}

  async completed(key: string): Promise<boolean> {
    return (await this.client.exists(this.prefix + key)) === 1;
  }

  async record(key: string): Promise<void> {
    await this.client.set(this.prefix + key, "1", "EX", KEEP_SECONDS);
  }
}
