import { Kafka, logLevel } from 'kafkajs';
import { KafkaBroker } from '../src/kafka-broker';

describe('a broker of the test own', () => {
  it('starts, serves, dies and comes back with its data', async () => {
    const broker = await KafkaBroker.start();
    try {
      const kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 20 } });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'survivor', messages: [{ key: 'k', value: 'before' }] });
      await producer.disconnect();

      await broker.stop();
      await broker.start();

      const consumer = kafka.consumer({ groupId: 'survivor-reader' });
      await consumer.connect();
      await consumer.subscribe({ topic: 'survivor', fromBeginning: true });
      const seen = new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
      });
      await expect(seen).resolves.toBe('before');
      await consumer.disconnect();
    } finally {
      await broker.destroy();
    }
  }, 120_000);
});
