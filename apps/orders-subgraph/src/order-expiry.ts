import { randomUUID } from 'node:crypto';
import type { Logger } from '@commerce/service';
import type { OrderStore } from './order-store';

/** Orders one sweep expires at most; a longer backlog is taken by the next sweeps. */
const SWEEP_LIMIT = 500;

/**
 * Orders may hold stock only so long: every `sweepSeconds`, orders still PENDING or
 * CONFIRMED after `holdSeconds` are cancelled (EXPIRED) with their OrderCancelled, and the
 * inventory worker releases their reservations as for any cancel. Several orders-subgraph
 * instances may sweep at once: each row is taken by one of them (SKIP LOCKED).
 */
export class OrderExpiry {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly store: OrderStore,
    private readonly logger: Logger,
    private readonly options: { holdSeconds: number; sweepSeconds: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, this.options.sweepSeconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep: expires what is due (in rounds of SWEEP_LIMIT); logs instead of throwing. */
  async sweep(): Promise<void> {
    try {
      const correlationId = `order-expiry-${randomUUID()}`;
      let expired = 0;
      let round: number;
      do {
        round = await this.store.expire(this.options.holdSeconds, SWEEP_LIMIT, correlationId);
        expired += round;
      } while (round === SWEEP_LIMIT);
      if (expired > 0) this.logger.info({ expired, correlationId }, 'expired orders cancelled');
    } catch (error) {
      this.logger.warn({ err: error }, 'order expiry sweep failed; the next one retries');
    }
  }
}
