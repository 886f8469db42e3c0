import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { EventConsumer } from './consumer';
import type { DomainEvent, EventType } from './contracts';
import { createKafka } from './kafka';
import { OutboxRelay } from './outbox-relay';
import { createProducer, ensureTopics } from './producer';
import { DOMAINS, Topics, type Domain } from './topics';

/**
 * What a consumer is: a group reading some domains' topics, the event types it handles
 * (`canHandle` beside `handle`, as Emmett's projections put it) and the handler. The
 * pipeline dead-letters any other event type that arrives, so a handler sees only its own.
 */
export type ConsumerDefinition<T extends EventType = EventType> = {
  /** The Kafka consumer group (offsets, partition assignment); also its name in metrics. */
  group: string;
  /** The domains whose topics it reads (see topics.ts). */
  domains: readonly Domain[];
  handles: readonly T[];
  /**
   * A batch of events of the handled types, in partition order. Idempotent (de-duplicate
   * by event id: claimEvents), its effects durable when it resolves: offsets are committed
   * right after. Failures are retried or dead-lettered as errors.ts says.
   */
  handle(events: DomainEvent<T>[]): Promise<void>;
};

/** Types the handler's events by the `handles` given. */
export function defineConsumer<T extends EventType>(
  definition: ConsumerDefinition<T>,
): ConsumerDefinition<T> {
  return definition;
}

export type EventPipelineOptions = {
  /** The service: the Kafka client id, and who "does not handle" an event in dead letters. */
  service: string;
  brokers: string[];
  /** Prefix of every topic name (tests isolate themselves with a unique one). */
  topicPrefix: string;
  logger: Logger;
  registry: Registry;
  /** The database whose `outbox_events` the pipeline relays to Kafka; `name` labels it. */
  outbox?: { databaseUrl: string; name: string };
  consumers: readonly ConsumerDefinition[];
  /** Attempts for an ordinary failure before dead-lettering (default 5). */
  maxAttempts?: number;
};

/**
 * A service's whole connection to the bus: one Kafka client and producer, the outbox relay
 * of its database, and its consumers, started and stopped in one fixed order.
 *
 * - start: topics exist, the producer is connected, the relay publishes (it retries on its
 *   own while the broker is away), then the consumers join their groups;
 * - stop: the consumers leave first (a batch in hand finishes and its outbox rows are
 *   written), then the relay stops after its current send, then the producer disconnects.
 */
export class EventPipeline {
  private readonly topics: Topics;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly relay: OutboxRelay | undefined;
  private readonly consumers: EventConsumer[];

  constructor(options: EventPipelineOptions) {
    const { logger, registry } = options;
    this.topics = new Topics(options.topicPrefix);
    this.kafka = createKafka({ clientId: options.service, brokers: options.brokers, logger });
    this.producer = createProducer(this.kafka);
    this.relay =
      options.outbox &&
      new OutboxRelay({
        ...options.outbox,
        producer: this.producer,
        topics: this.topics,
        logger,
        registry,
      });
    const deadLetterTopics = new Map(
      DOMAINS.map((domain) => [this.topics.of(domain), this.topics.deadLetterOf(domain)]),
    );
    this.consumers = options.consumers.map(
      (definition) =>
        new EventConsumer({
          kafka: this.kafka,
          producer: this.producer,
          name: options.service,
          groupId: definition.group,
          topics: definition.domains.map((domain) => this.topics.of(domain)),
          deadLetterTopicOf: (topic) => deadLetterTopics.get(topic)!,
          handles: new Set(definition.handles),
          handle: (events) => definition.handle(events),
          logger,
          registry,
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
        }),
    );
  }

  async start(): Promise<void> {
    await ensureTopics(this.kafka, this.topics.all());
    await this.producer.connect();
    this.relay?.start();
    for (const consumer of this.consumers) await consumer.start();
  }

  async stop(): Promise<void> {
    for (const consumer of this.consumers) await consumer.stop();
    await this.relay?.stop();
    await this.producer.disconnect();
  }
}
