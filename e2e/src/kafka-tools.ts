import { Kafka, logLevel, type IHeaders } from 'kafkajs';

/** Direct access to the broker, as an operator with kafka-console tools would have. */
export class KafkaTools {
  private readonly kafka: Kafka;

  constructor(brokers = '127.0.0.1:9092') {
    this.kafka = new Kafka({ clientId: 'e2e-tools', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  }

  async produce(topic: string, messages: { key: string; value: string | Buffer; headers?: IHeaders }[]) {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages, acks: -1 });
    } finally {
      await producer.disconnect();
    }
  }

  /** Everything on a topic right now, from the beginning (high watermarks as the end). */
  async readAll(topic: string): Promise<{ key: string; value: string; headers: Record<string, string> }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const remaining = new Map(ends.map((p) => [p.partition, Number(p.high)]));
    const total = [...remaining.values()].reduce((a, b) => a + b, 0);
    const out: { key: string; value: string; headers: Record<string, string> }[] = [];
    if (total === 0) return out;
    const consumer = this.kafka.consumer({ groupId: `e2e-reader-${Date.now()}-${Math.random()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
          out.push({ key: String(message.key), value: String(message.value), headers });
          if (out.length >= total) resolve();
        },
      });
    });
    await consumer.disconnect();
    return out;
  }

  /** Resolves once `groupId` has committed every message currently on `topic`. */
  async waitForCaughtUp(groupId: string, topic: string, timeoutMs = 20_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const behind = ends.some((end) => {
          const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          return Number(end.high) > 0 && Number(at) < Number(end.high);
        });
        if (!behind) return;
        if (Date.now() > deadline) throw new Error(`${groupId} still behind on ${topic}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await admin.disconnect();
    }
  }
}
