import { causedBy, createEvent, type DomainEvent } from '@commerce/events';

export type Line = { productId: string; quantity: number };
export type ReservationState = {
  orderId: string;
  status: 'HELD' | 'RELEASED' | 'REJECTED';
  lines: Line[];
};

export type BatchPlan = {
  /** Final stock of every product whose stock changed. */
  stock: Map<string, number>;
  /** Reservations first recorded in this batch (with their final status). */
  created: ReservationState[];
  /** Reservations recorded earlier whose status this batch changed. */
  updated: ReservationState[];
  /** The outcome events to publish (through the outbox). */
  outcomes: DomainEvent[];
};

export const SOURCE = 'inventory-worker';

/**
 * How many units one user may hold reserved at once, and what each user holds before the
 * batch (read under the users' locks). `userOfOrder` names the user of each existing
 * reservation, so a release in the batch frees that user's units for the orders after it.
 */
export type Holdings = {
  maxUnitsPerUser: number;
  heldByUser: ReadonlyMap<string, number>;
  userOfOrder: ReadonlyMap<string, string>;
};

const UNLIMITED: Holdings = { maxUnitsPerUser: Infinity, heldByUser: new Map(), userOfOrder: new Map() };

/**
 * Decides a batch of order events against current stock, in event order, without I/O:
 *
 * - `OrderPlaced`: all lines fit → HELD, stock decremented, `InventoryReserved`; the user
 *   would hold more than `holdings.maxUnitsPerUser` → REJECTED (`USER_LIMIT`); any line
 *   short or unknown → REJECTED, nothing taken, `InventoryRejected` with the short lines.
 *   An order that already has a reservation (a replay) re-emits its outcome, nothing more.
 * - `OrderCancelled`: a HELD reservation → RELEASED, stock returned, `InventoryReleased`;
 *   anything else is a no-op, so a release happens exactly once.
 *
 * `stock` must hold every product the events name (absent = unknown product), read under
 * row locks; `existing` the reservations already recorded for the events' orders.
 */
export function planBatch(
  events: readonly DomainEvent[],
  existing: readonly ReservationState[],
  stock: ReadonlyMap<string, number>,
  holdings: Holdings = UNLIMITED,
): BatchPlan {
  const available = new Map(stock);
  const held = new Map(holdings.heldByUser);
  const userOf = new Map(holdings.userOfOrder);
  const changed = new Set<string>();
  const reservations = new Map(existing.map((r) => [r.orderId, { ...r, isNew: false, dirty: false }]));
  const outcomes: DomainEvent[] = [];

  for (const event of events) {
    if (event.type === 'OrderPlaced') {
      const { orderId } = event.data;
      const known = reservations.get(orderId);
      if (known) {
        const replay = outcomeOf(known, event);
        if (replay) outcomes.push(replay);
        continue;
      }
      const { userId } = event.data;
      const units = event.data.lines.reduce((sum, line) => sum + line.quantity, 0);
      if ((held.get(userId) ?? 0) + units > holdings.maxUnitsPerUser) {
        reservations.set(orderId, { orderId, status: 'REJECTED', lines: [], isNew: true, dirty: true });
        outcomes.push(
          createEvent('InventoryRejected', {
            source: SOURCE,
            subject: orderId,
            data: { orderId, reason: 'USER_LIMIT', shortLines: [] },
            context: causedBy(event),
          }),
        );
        continue;
      }
      const short = event.data.lines
        .map((line) => ({ ...line, available: available.get(line.productId) }))
        .filter((line) => line.available === undefined || line.available < line.quantity);
      if (short.length > 0) {
        const state = { orderId, status: 'REJECTED' as const, lines: [], isNew: true, dirty: true };
        reservations.set(orderId, state);
        outcomes.push(
          createEvent('InventoryRejected', {
            source: SOURCE,
            subject: orderId,
            data: {
              orderId,
              reason: short.some((line) => line.available === undefined)
                ? 'UNKNOWN_PRODUCT'
                : 'INSUFFICIENT_STOCK',
              shortLines: short.map((line) => ({
                productId: line.productId,
                requested: line.quantity,
                available: line.available ?? 0,
              })),
            },
            context: causedBy(event),
          }),
        );
        continue;
      }
      const lines = event.data.lines.map(({ productId, quantity }) => ({ productId, quantity }));
      for (const line of lines) {
        available.set(line.productId, available.get(line.productId)! - line.quantity);
        changed.add(line.productId);
      }
      const state = { orderId, status: 'HELD' as const, lines, isNew: true, dirty: true };
      reservations.set(orderId, state);
      held.set(userId, (held.get(userId) ?? 0) + units);
      userOf.set(orderId, userId);
      outcomes.push(outcomeOf(state, event)!);
    } else if (event.type === 'OrderCancelled') {
      const state = reservations.get(event.data.orderId);
      if (state?.status !== 'HELD') continue;
      for (const line of state.lines) {
        available.set(line.productId, (available.get(line.productId) ?? 0) + line.quantity);
        changed.add(line.productId);
      }
      state.status = 'RELEASED';
      state.dirty = true;
      const owner = userOf.get(state.orderId);
      if (owner !== undefined) {
        const units = state.lines.reduce((sum, line) => sum + line.quantity, 0);
        held.set(owner, (held.get(owner) ?? 0) - units);
      }
      outcomes.push(
        createEvent('InventoryReleased', {
          source: SOURCE,
          subject: state.orderId,
          data: { orderId: state.orderId, lines: state.lines },
          context: causedBy(event),
        }),
      );
    }
  }

  const strip = ({ orderId, status, lines }: ReservationState): ReservationState => ({
    orderId,
    status,
    lines,
  });
  const all = [...reservations.values()];
  return {
    stock: new Map([...changed].map((id) => [id, available.get(id)!])),
    created: all.filter((r) => r.isNew).map(strip),
    updated: all.filter((r) => !r.isNew && r.dirty).map(strip),
    outcomes,
  };
}

/** The outcome a reservation stands for, re-emitted when its order is replayed. */
function outcomeOf(state: ReservationState, cause: DomainEvent): DomainEvent | undefined {
  if (state.status === 'HELD') {
    return createEvent('InventoryReserved', {
      source: SOURCE,
      subject: state.orderId,
      data: { orderId: state.orderId, lines: state.lines },
      context: causedBy(cause),
    });
  }
  if (state.status === 'REJECTED') {
    return createEvent('InventoryRejected', {
      source: SOURCE,
      subject: state.orderId,
      data: { orderId: state.orderId, reason: 'INSUFFICIENT_STOCK', shortLines: [] },
      context: causedBy(cause),
    });
  }
  return undefined;
}
