import { randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent } from '@commerce/events';

/** The context of the events the worker's tests make up. */
export const context = { correlationId: 'test' };

/**
 * An OrderPlaced of `lines` ([productId, quantity]), for a new order unless `orderId` is
 * given, by a new user unless `userId` is.
 */
export function placed(
  lines: [string, number][],
  orderId: string = randomUUID(),
  userId: string = randomUUID(),
): DomainEvent<'OrderPlaced'> {
  return createEvent('OrderPlaced', {
    source: 'test',
    subject: orderId,
    data: {
      orderId,
      userId,
      lines: lines.map(([productId, quantity]) => ({ productId, quantity, unitPriceCents: 1 })),
    },
    context,
  });
}
