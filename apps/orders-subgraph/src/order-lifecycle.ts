import type { OrderStatus } from '@commerce/db/orders';

/**
 * Every move an order's status may make, and nothing else: PENDING until the inventory
 * saga decides it, then CONFIRMED or REJECTED; a PENDING or CONFIRMED order may be
 * cancelled. Decided and cancelled orders never move back, so a late or repeated event
 * cannot undo a newer state. The statements that change a status (order-store.ts) take
 * their WHERE clauses from this table.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
};

const STATUSES = Object.keys(TRANSITIONS) as OrderStatus[];

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses an order may be in to move to `to`. */
export function statusesThatMoveTo(to: OrderStatus): OrderStatus[] {
  return STATUSES.filter((from) => canMove(from, to));
}

/** Every allowed move as two parallel columns, for SQL that checks many moves at once. */
export function transitionColumns(): { from: OrderStatus[]; to: OrderStatus[] } {
  const moves = STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => ({ from, to })));
  return { from: moves.map((m) => m.from), to: moves.map((m) => m.to) };
}

/** The status each inventory outcome asks for (InventoryReleased follows a cancel: none). */
export const OUTCOME_STATUS = {
  InventoryReserved: 'CONFIRMED',
  InventoryRejected: 'REJECTED',
} as const satisfies Record<string, OrderStatus>;
