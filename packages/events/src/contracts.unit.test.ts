import { randomUUID } from 'node:crypto';
import { InvalidEventError, parseEvent } from './contracts';
import { createEvent, toOutboxRecord } from './create-event';

const orderId = randomUUID();
const userId = randomUUID();
const placed = createEvent('OrderPlaced', {
  source: 'orders-subgraph',
  subject: orderId,
  data: { orderId, userId, lines: [{ productId: randomUUID(), quantity: 2, unitPriceCents: 999 }] },
  context: { correlationId: randomUUID(), userId },
});

describe('event contracts', () => {
  it('round-trips an event through JSON', () => {
    const parsed = parseEvent(Buffer.from(JSON.stringify(placed)));
    expect(parsed).toEqual(placed);
    expect(parsed.properties).toEqual({
      schema: 'OrderPlaced/v1',
      contentType: 'application/json',
      retryCount: 0,
    });
  });

  it('routes an event to its topic, keyed by its subject', () => {
    expect(toOutboxRecord(placed)).toMatchObject({
      id: placed.id,
      topic: 'orders',
      key: orderId,
      type: 'OrderPlaced',
    });
  });

  it.each([
    ['not JSON', '{nope'],
    ['an empty message', null],
    ['a bad envelope', JSON.stringify({ ...placed, id: 'not-a-uuid' })],
    ['an unknown type', JSON.stringify({ ...placed, type: 'OrderTeleported' })],
    ['an unknown version', JSON.stringify({ ...placed, version: 9 })],
    ['data that breaks the contract', JSON.stringify({ ...placed, data: { ...placed.data, lines: [] } })],
  ])('rejects %s', (_what, raw) => {
    expect(() => parseEvent(raw)).toThrow(InvalidEventError);
  });
});
