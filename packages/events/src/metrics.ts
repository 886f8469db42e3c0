import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The event pipeline's metrics, registered once per registry. */
export type EventMetrics = ReturnType<typeof eventMetrics>;

const cache = new WeakMap<Registry, ReturnType<typeof build>>();

export function eventMetrics(registry: Registry) {
  let metrics = cache.get(registry);
  if (!metrics) {
    metrics = build(registry);
    cache.set(registry, metrics);
  }
  return metrics;
}

function build(registry: Registry) {
  const registers = [registry];
  return {
    consumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events handled successfully, by consumer group and event type',
      labelNames: ['consumer', 'type'] as const,
      registers,
    }),
    failed: new Counter({
      name: 'events_failed_total',
      help: 'Failed handling attempts (each retry counts)',
      labelNames: ['consumer', 'kind'] as const,
      registers,
    }),
    deadLettered: new Counter({
      name: 'events_dead_lettered_total',
      help: 'Messages sent to a dead-letter topic',
      labelNames: ['consumer', 'reason'] as const,
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'event_batch_processing_seconds',
      help: 'Time to handle one fetched batch, retries included',
      labelNames: ['consumer'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    latencySeconds: new Histogram({
      name: 'event_latency_seconds',
      help: 'From an event occurring to its handling being durable',
      labelNames: ['consumer'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    lag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages behind the partition high watermark after the last batch',
      labelNames: ['consumer', 'topic', 'partition'] as const,
      registers,
    }),
    outboxPublished: new Counter({
      name: 'outbox_published_total',
      help: 'Outbox rows published to Kafka',
      labelNames: ['database'] as const,
      registers,
    }),
    outboxPending: new Gauge({
      name: 'outbox_pending',
      help: 'Outbox rows read but not yet published at the last poll',
      labelNames: ['database'] as const,
      registers,
    }),
  };
}
