import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** The local broker started by `scripts/stack.sh up`, unless KAFKA_BROKERS names others. */
export const KAFKA_BROKERS: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((broker) => broker.trim())
  .filter((broker) => broker.length > 0);

/** A name no other test run uses, for topics, consumer groups and keys: `prefix-<hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/**
 * A kafkajs client for tests. kafkajs logs retriable broker answers (a coordinator still
 * loading, say) at ERROR before retrying them, so logging is off: failures still throw.
 */
export function createKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
}

async function withAdmin<T>(use: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = createKafka().admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates a topic and waits until every partition has a leader, so producing can start. */
export async function createTopic(name: string, partitions = 1): Promise<void> {
  await withAdmin(async (admin) => {
    const created = await admin.createTopics({
      topics: [{ topic: name, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`topic ${name} already exists`);
  });
}

export async function deleteTopic(name: string): Promise<void> {
  await withAdmin((admin) => admin.deleteTopics({ topics: [name] }));
}
