import { randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent } from '@commerce/events';
import { context, placed } from '../test/fixtures';
import { planBatch, type ReservationState } from './reservation-plan';

const A = randomUUID();
const B = randomUUID();

function cancelled(orderId: string): DomainEvent {
  return createEvent('OrderCancelled', {
    source: 'test',
    subject: orderId,
    data: { orderId, userId: randomUUID() },
    context,
  });
}

describe('planBatch', () => {
  it('reserves orders in event order until stock runs out, all or nothing per order', () => {
    const first = placed([[A, 3], [B, 1]]);
    const second = placed([[A, 3], [B, 1]]); // A is short now: nothing of it is taken
    const third = placed([[B, 1]]);
    const plan = planBatch([first, second, third], [], new Map([[A, 5], [B, 5]]));
    expect(plan.outcomes.map((e) => e.type)).toEqual([
      'InventoryReserved',
      'InventoryRejected',
      'InventoryReserved',
    ]);
    expect(plan.stock).toEqual(new Map([[A, 2], [B, 3]]));
    expect(plan.created.map((r) => r.status)).toEqual(['HELD', 'REJECTED', 'HELD']);
    expect(plan.outcomes[1]!.data).toMatchObject({
      reason: 'INSUFFICIENT_STOCK',
      shortLines: [{ productId: A, requested: 3, available: 2 }],
    });
  });

  it('rejects an order naming an unknown product', () => {
    const plan = planBatch([placed([[A, 1], [B, 1]])], [], new Map([[A, 5]]));
    expect(plan.outcomes[0]!.data).toMatchObject({ reason: 'UNKNOWN_PRODUCT' });
    expect(plan.stock.size).toBe(0);
  });

  it('re-emits the recorded outcome for a replayed order and changes nothing', () => {
    const event = placed([[A, 2]]);
    const existing: ReservationState[] = [
      { orderId: (event.data as { orderId: string }).orderId, status: 'HELD', lines: [{ productId: A, quantity: 2 }] },
    ];
    const plan = planBatch([event], existing, new Map([[A, 10]]));
    expect(plan.outcomes.map((e) => e.type)).toEqual(['InventoryReserved']);
    expect(plan.stock.size).toBe(0);
    expect(plan.created).toEqual([]);
    expect(plan.updated).toEqual([]);
  });

  it('releases a held reservation once, even when cancelled twice', () => {
    const orderId = randomUUID();
    const existing: ReservationState[] = [
      { orderId, status: 'HELD', lines: [{ productId: A, quantity: 4 }] },
    ];
    const plan = planBatch([cancelled(orderId), cancelled(orderId)], existing, new Map([[A, 1]]));
    expect(plan.stock).toEqual(new Map([[A, 5]]));
    expect(plan.updated).toEqual([{ orderId, status: 'RELEASED', lines: [{ productId: A, quantity: 4 }] }]);
    expect(plan.outcomes.map((e) => e.type)).toEqual(['InventoryReleased']);
  });

  it('handles an order placed and cancelled in the same batch', () => {
    const orderId = randomUUID();
    const plan = planBatch([placed([[A, 2]], orderId), cancelled(orderId)], [], new Map([[A, 2]]));
    expect(plan.stock).toEqual(new Map([[A, 2]]));
    expect(plan.created).toEqual([{ orderId, status: 'RELEASED', lines: [{ productId: A, quantity: 2 }] }]);
    expect(plan.outcomes.map((e) => e.type)).toEqual(['InventoryReserved', 'InventoryReleased']);
  });

  it('does nothing for a cancel of a rejected or unknown order', () => {
    const orderId = randomUUID();
    const existing: ReservationState[] = [{ orderId, status: 'REJECTED', lines: [] }];
    const plan = planBatch([cancelled(orderId), cancelled(randomUUID())], existing, new Map());
    expect(plan).toEqual({ stock: new Map(), created: [], updated: [], outcomes: [] });
  });

  describe('with a limit of units per user', () => {
    const user = randomUUID();
    const limit = (held: number, userOfOrder = new Map<string, string>()) => ({
      maxUnitsPerUser: 10,
      heldByUser: new Map([[user, held]]),
      userOfOrder,
    });

    it('rejects (USER_LIMIT) the order that would take the user past it, counting the batch', () => {
      const orders = [
        placed([[A, 4]], randomUUID(), user),
        placed([[B, 3]], randomUUID(), user), // 3 held + 4 + 3 = 10: still within
        placed([[A, 1]], randomUUID(), user), // 11: over
        placed([[A, 1]]), // another user is not affected
      ];
      const plan = planBatch(orders, [], new Map([[A, 100], [B, 100]]), limit(3));
      expect(plan.created.map((r) => r.status)).toEqual(['HELD', 'HELD', 'REJECTED', 'HELD']);
      const rejection = plan.outcomes[2]!;
      expect(rejection.type).toBe('InventoryRejected');
      expect(rejection.data).toMatchObject({ reason: 'USER_LIMIT', shortLines: [] });
      expect(plan.stock).toEqual(new Map([[A, 95], [B, 97]]));
    });

    it('a release in the batch frees the user’s units for the orders after it', () => {
      const heldOrder = randomUUID();
      const existing: ReservationState[] = [
        { orderId: heldOrder, status: 'HELD', lines: [{ productId: A, quantity: 8 }] },
      ];
      const after = placed([[A, 5]], randomUUID(), user);
      const before = planBatch([after], existing, new Map([[A, 10]]), limit(8, new Map([[heldOrder, user]])));
      expect(before.created.map((r) => r.status)).toEqual(['REJECTED']);
      const plan = planBatch(
        [cancelled(heldOrder), after],
        existing,
        new Map([[A, 10]]),
        limit(8, new Map([[heldOrder, user]])),
      );
      expect(plan.created.map((r) => r.status)).toEqual(['HELD']);
      expect(plan.stock).toEqual(new Map([[A, 13]]));
    });
  });
});
