import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { createKafka, createTopic, deleteTopic, uniqueName } from '../src';

describe('Kafka broker', () => {
  const topic = uniqueName('int-kafka');
  const kafka = createKafka();
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    await createTopic(topic);
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), consumer?.disconnect()]);
    await deleteTopic(topic);
  });

  it('delivers a produced message to a consumer group', async () => {
    producer = kafka.producer();
    consumer = kafka.consumer({ groupId: uniqueName('int-kafka-group') });
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<KafkaMessage>((resolve) => {
      void consumer?.run({ eachMessage: async ({ message }) => resolve(message) });
    });

    await producer.send({ topic, messages: [{ key: 'order-1', value: 'hello' }] });

    const message = await received;
    expect(message.key?.toString()).toBe('order-1');
    expect(message.value?.toString()).toBe('hello');
  });
});
