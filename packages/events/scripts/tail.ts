/**
 * `npm run topics:tail [-- <topic> ...]`: prints every event on the domain topics (and
 * their dead-letter topics) as it arrives, one line each, from the start of the topics.
 * KAFKA_BROKERS and KAFKA_TOPIC_PREFIX as for the services.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '../src/producer';
import { Topics } from '../src/topics';

const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const topics = process.argv.slice(2).length
  ? process.argv.slice(2)
  : new Topics(process.env['KAFKA_TOPIC_PREFIX'] ?? '').all();

async function main() {
  const kafka = new Kafka({ clientId: 'topics-tail', brokers, logLevel: logLevel.ERROR });
  // The services create their topics at start; create them here too so tailing can begin first.
  await ensureTopics(kafka, topics);
  const consumer = kafka.consumer({ groupId: `topics-tail-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  process.stderr.write(`tailing ${topics.join(', ')} on ${brokers.join(',')} (Ctrl-C to stop)\n`);
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      let summary: string;
      try {
        const event = JSON.parse(String(message.value)) as { type: string; subject: string; data: unknown };
        summary = `${event.type} ${event.subject} ${JSON.stringify(event.data)}`;
      } catch {
        summary = `(not JSON) ${String(message.value).slice(0, 200)}`;
      }
      const dlq = message.headers?.['dlq-error'] ? `  [dead-lettered: ${message.headers['dlq-error']}]` : '';
      console.log(`${topic}[${partition}]@${message.offset} ${summary}${dlq}`);
    },
  });
  const stop = async () => {
    await consumer.disconnect();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
