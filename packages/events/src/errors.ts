import { PRISMA_OVERLOAD_CODES, PRISMA_UNREACHABLE_CODES } from '@commerce/db/errors';

/**
 * How a consumer treats a failure (after kafkajs's own errors in src/errors.js):
 *
 * - a message that cannot be understood (InvalidEventError) or a handler's
 *   NonRetriableError goes to the dead-letter topic at once;
 * - an infrastructure outage (database or broker unreachable) is nobody's message's
 *   fault: the batch waits and retries until the dependency is back, and nothing is
 *   dead-lettered for it;
 * - any other error is retried a bounded number of times with backoff, then the event is
 *   dead-lettered with the error attached and the partition moves on.
 */
export class NonRetriableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08003',
  '08006',
  ...PRISMA_UNREACHABLE_CODES,
  ...PRISMA_OVERLOAD_CODES,
]);

export function isOutage(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    const name = (e as { name?: unknown }).name;
    if (name === 'KafkaJSConnectionError' || name === 'KafkaJSNumberOfRetriesExceeded') return true;
    if (/connection (refused|terminated|closed)|ECONNREFUSED/i.test(String((e as Error).message))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
