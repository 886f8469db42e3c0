import { Client, Pool } from 'pg';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { eventMetrics, type EventMetrics } from './metrics';
import type { Domain, Topics } from './topics';

export type OutboxRelayOptions = {
  /** The database whose `outbox_events` table this relay drains. */
  databaseUrl: string;
  /** A label for logs and metrics, e.g. "orders". */
  name: string;
  producer: Producer;
  topics: Topics;
  logger: Logger;
  registry: Registry;
  batchSize?: number;
  /** Fallback polling when no NOTIFY arrives (missed while reconnecting, say). */
  pollIntervalMs?: number;
  /** Sent rows are kept this long (for inspection and replays), then deleted. */
  retentionHours?: number;
};

/** Bytes of payload one send may carry (message.max.bytes is 1 MB by default). */
const MAX_SEND_BYTES = 800_000;

/** `payload` as text: published as stored, never parsed and re-serialized here. */
type OutboxRow = { seq: string; topic: Domain; key: string; payload: string };

/**
 * Publishes outbox rows to Kafka in commit order (`seq`), keyed by aggregate id so one
 * aggregate's events keep their order on one partition, and marks them sent.
 *
 * - Wakes on `LISTEN outbox_events` (a trigger NOTIFYs on insert), polls as a fallback.
 * - One active relay per database: a session advisory lock elects it; other instances
 *   wait on standby, so rows are never published out of order by two relays.
 * - Kafka down: rows stay unsent and are retried with backoff; nothing is lost. A crash
 *   between publishing and marking sends a row again: consumers de-duplicate by event id.
 */
export class OutboxRelay {
  private readonly pool: Pool;
  private readonly metrics: EventMetrics;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retentionHours: number;
  private lastPrune = 0;
  private listener: Client | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A NOTIFY arrived while the relay was busy: do not sleep before the next batch. */
  private notified = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 2 });
    this.pool.on('error', (error) => options.logger.warn({ err: error }, 'outbox pool error'));
    this.metrics = eventMetrics(options.registry);
    this.batchSize = options.batchSize ?? 2_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.retentionHours = options.retentionHours ?? 24;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.listener) await this.becomeLeader();
        if (!this.listener) {
          await this.sleep(2_000);
          continue;
        }
        const more = await this.publishBatch();
        failures = 0;
        if (!more) {
          await this.pruneSent();
          await this.sleep(this.pollIntervalMs);
        }
      } catch (error) {
        failures++;
        const delay = Math.min(100 * 2 ** Math.min(failures, 6), 5_000);
        if (failures === 1 || failures % 20 === 0) {
          this.options.logger.warn(
            { err: error, relay: this.options.name, failures },
            'outbox relay failed, retrying',
          );
        }
        if (this.listener && !(await this.listenerAlive())) await this.dropListener();
        await this.sleep(delay);
      }
    }
  }

  /** Takes the relay lock for this database and subscribes to insert notifications. */
  private async becomeLeader(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext('outbox_relay')) AS locked`,
    );
    if (!rows[0]?.locked) {
      await client.end();
      return;
    }
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    client.on('end', () => {
      if (this.listener === client) this.listener = undefined;
    });
    await client.query('LISTEN outbox_events');
    this.listener = client;
    this.options.logger.info({ relay: this.options.name }, 'outbox relay active');
  }

  /** Publishes the oldest unsent rows; true if more may be waiting. */
  private async publishBatch(): Promise<boolean> {
    const { rows } = await this.pool.query<OutboxRow>(
      `SELECT seq::text, topic, key, payload::text FROM outbox_events
       WHERE sent_at IS NULL ORDER BY seq LIMIT $1`,
      [this.batchSize],
    );
    this.metrics.outboxPending.set({ database: this.options.name }, rows.length);
    if (rows.length === 0) return false;

    // One send stays under the broker's 1 MB message.max.bytes even if every row lands on
    // one partition: the rest of what was read goes in the next round.
    let bytes = 0;
    const batch = rows.filter((row, i) => {
      bytes += Buffer.byteLength(row.payload) + Buffer.byteLength(row.key);
      return i === 0 || bytes <= MAX_SEND_BYTES;
    });
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const row of batch) {
      const topic = this.options.topics.of(row.topic);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: row.key, value: row.payload });
      byTopic.set(topic, messages);
    }
    await this.options.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    await this.pool.query(`UPDATE outbox_events SET sent_at = now() WHERE seq = ANY($1::bigint[])`, [
      batch.map((row) => row.seq),
    ]);
    this.metrics.outboxPublished.inc({ database: this.options.name }, batch.length);
    return batch.length < rows.length || rows.length === this.batchSize;
  }

  /** At most every 10 minutes, when idle: delete sent rows past the retention period. */
  private async pruneSent(): Promise<void> {
    if (Date.now() - this.lastPrune < 600_000) return;
    this.lastPrune = Date.now();
    const { rowCount } = await this.pool.query(
      `DELETE FROM outbox_events WHERE sent_at < now() - make_interval(hours => $1)`,
      [this.retentionHours],
    );
    if (rowCount) this.options.logger.info({ relay: this.options.name, rows: rowCount }, 'pruned sent outbox rows');
  }

  private async listenerAlive(): Promise<boolean> {
    try {
      await this.listener?.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async dropListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified || !this.running) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
