import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { InvalidEventError, parseEvent, type DomainEvent, type EventType } from './contracts';
import { sendToDeadLetter, type DeadLetterReason } from './dead-letter';
import { NonRetriableError, isOutage } from './errors';
import { eventMetrics, type EventMetrics } from './metrics';

/**
 * Handles a batch of events, in partition order. It must be idempotent (de-duplicate by
 * event id, see claimEvents) and its effects must be durable when it resolves: offsets
 * are committed right after.
 */
export type BatchHandler = (events: DomainEvent[]) => Promise<void>;

export type EventConsumerOptions = {
  kafka: Kafka;
  /** Used for dead-lettering. */
  producer: Producer;
  /** Who is consuming, as dead-letter errors name it ("<name> does not handle X"). */
  name: string;
  groupId: string;
  topics: string[];
  deadLetterTopicOf: (topic: string) => string;
  /** The event types the handler takes; any other is dead-lettered, never handed to it. */
  handles: ReadonlySet<EventType>;
  handle: BatchHandler;
  logger: Logger;
  registry: Registry;
  /** Attempts for an ordinary (non-outage) failure before dead-lettering. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, capped at 5 s. */
  retryDelayMs?: number;
};

type Received = { event: DomainEvent; message: KafkaMessage };

/** attempt()'s answer when the consumer is stopping mid-retry. */
const STOPPED = Symbol('stopped');

/**
 * A Kafka consumer group member that turns fetched batches into typed events:
 * malformed or unknown messages, and events of a type this consumer does not handle, go
 * straight to the dead-letter topic (in offset order), the rest are handled together, failures are retried (see errors.ts for which and how), and offsets are
 * committed only after the handler's effects are durable. The partition never stalls on
 * a bad message.
 */
export class EventConsumer {
  private consumer: Consumer;
  private readonly metrics: EventMetrics;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** A replacement consumer being started (see createConsumer); stop() waits for it. */
  private restarting: Promise<void> | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.metrics = eventMetrics(options.registry);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.consumer = this.createConsumer();
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.run(this.consumer);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.restarting;
    await this.consumer.disconnect();
  }

  private createConsumer(): Consumer {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      // A member that dies (SIGKILL, lost host) holds its partitions until its session
      // expires: 10 s bounds that pause; batches are far shorter than that.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 50,
      allowAutoTopicCreation: false,
    });
    // kafkajs restarts a crashed consumer only when the crash's root cause is marked
    // retriable; otherwise the consumer stays stopped for good, silently, and events pile
    // up unhandled (seen when the broker came back from an outage: orders stayed PENDING).
    // A consumer that crashed for good is replaced by a new one.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping) return;
      this.metrics.failed.inc({ consumer: this.options.groupId, kind: 'crash' });
      this.options.logger.error(
        { err: payload.error, consumer: this.options.groupId },
        'kafka consumer crashed and kafkajs will not restart it: starting a new one',
      );
      this.scheduleRestart(1_000);
    });
    return consumer;
  }

  private scheduleRestart(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.restart(delayMs).finally(() => (this.restarting = undefined));
    }, delayMs);
  }

  private async restart(delayMs: number): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
    if (this.stopping) return;
    this.consumer = this.createConsumer();
    try {
      await this.run(this.consumer);
      this.options.logger.warn({ consumer: this.options.groupId }, 'kafka consumer restarted');
    } catch (error) {
      this.options.logger.warn(
        { err: error, consumer: this.options.groupId },
        'kafka consumer restart failed, trying again',
      );
      this.scheduleRestart(Math.min(delayMs * 2, 30_000));
    }
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Each partition's batches stay in order, one at a time; batches of different
      // partitions are handled side by side (3: every topic's partition count, producer.ts).
      // One at a time, a partition waited behind the others' transactions and offset
      // commits, which showed in the saga's tail latency (docs/BENCHMARKS.md, S2).
      // Handlers must take row locks in a fixed order (the worker's ledger does: by id).
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale } = payload;
    if (batch.messages.length === 0) return;
    const stopTimer = this.metrics.batchSeconds.startTimer({ consumer: this.options.groupId });
    const received: Received[] = [];
    for (const message of batch.messages) {
      let event: DomainEvent;
      try {
        event = parseEvent(message.value);
      } catch (error) {
        await this.deadLetter(batch.topic, batch.partition, message, 'invalid', error);
        continue;
      }
      if (this.options.handles.has(event.type)) {
        received.push({ event, message });
      } else {
        const error = new NonRetriableError(`${this.options.name} does not handle ${event.type}`);
        await this.deadLetter(batch.topic, batch.partition, message, 'failed', error);
      }
    }

    const handled = await this.handleWithFallback(received, batch.topic, batch.partition, payload);
    if (!handled || !isRunning() || isStale()) {
      stopTimer();
      return; // Stopping or rebalanced: nothing is committed; the batch is fetched again.
    }

    const last = batch.messages[batch.messages.length - 1]!;
    payload.resolveOffset(last.offset);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
    ]);
    await heartbeat();

    const now = Date.now();
    for (const { event } of received) {
      this.metrics.consumed.inc({ consumer: this.options.groupId, type: event.type });
      this.metrics.latencySeconds.observe(
        { consumer: this.options.groupId },
        (now - Date.parse(event.occurredAt)) / 1000,
      );
    }
    this.metrics.lag.set(
      { consumer: this.options.groupId, topic: batch.topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
    stopTimer();
  }

  /**
   * The whole batch first; if it keeps failing, each event alone, so that one poison
   * event is dead-lettered and its neighbours still go through. False when stopping.
   */
  private async handleWithFallback(
    received: Received[],
    topic: string,
    partition: number,
    payload: EachBatchPayload,
  ): Promise<boolean> {
    if (received.length === 0) return true;
    const batchError = await this.attempt(received, payload);
    if (batchError === STOPPED) return false;
    if (batchError === undefined) return true;
    for (const item of received) {
      const error = received.length === 1 ? batchError : await this.attempt([item], payload);
      if (error === STOPPED) return false;
      if (error !== undefined) {
        await this.deadLetter(topic, partition, item.message, 'failed', error);
      }
    }
    return true;
  }

  /** Runs the handler with retries; resolves to undefined on success, else the error. */
  private async attempt(
    received: Received[],
    { heartbeat, isRunning }: EachBatchPayload,
  ): Promise<unknown> {
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(received.map((r) => r.event));
        return undefined;
      } catch (error) {
        const outage = isOutage(error);
        this.metrics.failed.inc({
          consumer: this.options.groupId,
          kind: outage ? 'outage' : 'error',
        });
        if (!outage) failures++;
        const giveUp =
          !outage &&
          (error instanceof NonRetriableError ||
            error instanceof InvalidEventError ||
            failures >= this.maxAttempts);
        this.options.logger[giveUp ? 'error' : 'warn'](
          { err: error, attempt, events: received.length, outage },
          giveUp ? 'event handling failed, giving up' : 'event handling failed, retrying',
        );
        if (giveUp) return error;
        await sleep(Math.min(this.retryDelayMs * 2 ** Math.min(attempt - 1, 10), 5_000));
        if (!isRunning()) return STOPPED;
        await heartbeat().catch(() => undefined);
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: unknown,
  ): Promise<void> {
    await sendToDeadLetter(this.options.producer, {
      deadLetterTopic: this.options.deadLetterTopicOf(topic),
      topic,
      partition,
      message,
      consumer: this.options.groupId,
      reason,
      error,
    });
    this.metrics.deadLettered.inc({ consumer: this.options.groupId, reason });
    this.options.logger.warn(
      { topic, partition, offset: message.offset, reason, error: String((error as Error)?.message ?? error) },
      'message dead-lettered',
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
