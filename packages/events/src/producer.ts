import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * The producer every service uses: Java-compatible key partitioning (so a key lands on the
 * same partition whichever client wrote it), all in-sync replicas acknowledging, and one
 * request in flight so a retried batch cannot overtake the one after it.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    maxInFlightRequests: 1,
  });
}

/** Creates any missing topic (3 partitions; a single local broker has replication 1). */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  partitions = 3,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
