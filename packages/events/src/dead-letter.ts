import type { KafkaMessage, Producer } from 'kafkajs';

export type DeadLetterReason = 'invalid' | 'failed';

/**
 * Sends a message that could not be handled to its dead-letter topic: the original key,
 * value and headers unchanged, plus headers saying where it came from and why it failed.
 */
export async function sendToDeadLetter(
  producer: Producer,
  fields: {
    deadLetterTopic: string;
    topic: string;
    partition: number;
    message: KafkaMessage;
    consumer: string;
    reason: DeadLetterReason;
    error: unknown;
  },
): Promise<void> {
  const { message, error } = fields;
  await producer.send({
    topic: fields.deadLetterTopic,
    acks: -1,
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          'dlq-reason': fields.reason,
          'dlq-error': String((error as Error)?.message ?? error).slice(0, 4_000),
          'dlq-error-name': String((error as Error)?.name ?? 'Error'),
          'dlq-consumer': fields.consumer,
          'dlq-original-topic': fields.topic,
          'dlq-original-partition': String(fields.partition),
          'dlq-original-offset': message.offset,
          'dlq-failed-at': new Date().toISOString(),
        },
      },
    ],
  });
}
