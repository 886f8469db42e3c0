import { z } from 'zod';
import { envelopeSchema, type Envelope } from './envelope';
import type { Domain } from './topics';

/**
 * One typed contract per event: its domain (hence topic), version and data schema. Adding an event means
 * adding it here; consumers get a discriminated union of everything they may receive.
 */
const uuid = z.uuid();
const quantity = z.number().int().positive().max(2_147_483_647);
const line = z.object({ productId: uuid, quantity });

export const contracts = {
  OrderPlaced: {
    domain: 'orders',
    version: 1,
    data: z.object({
      orderId: uuid,
      userId: uuid,
      lines: z
        .array(line.extend({ unitPriceCents: z.number().int().nonnegative() }))
        .min(1),
    }),
  },
  OrderCancelled: {
    domain: 'orders',
    version: 1,
    // `reason` came later, optional: events without it (and consumers ignoring it) stay valid.
    data: z.object({ orderId: uuid, userId: uuid, reason: z.enum(['CUSTOMER', 'EXPIRED']).optional() }),
  },
  InventoryReserved: {
    domain: 'inventory',
    version: 1,
    data: z.object({ orderId: uuid, lines: z.array(line).min(1) }),
  },
  InventoryRejected: {
    domain: 'inventory',
    version: 1,
    data: z.object({
      orderId: uuid,
      // USER_LIMIT: the ordering user already holds as many units as one user may.
      reason: z.enum(['INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT', 'USER_LIMIT']),
      shortLines: z.array(
        z.object({
          productId: uuid,
          requested: quantity,
          available: z.number().int().nonnegative(),
        }),
      ),
    }),
  },
  InventoryReleased: {
    domain: 'inventory',
    version: 1,
    data: z.object({ orderId: uuid, lines: z.array(line) }),
  },
  ProductChanged: {
    domain: 'products',
    version: 1,
    data: z.object({
      productId: uuid,
      change: z.enum(['CREATED', 'UPDATED', 'RESTOCKED']),
      name: z.string(),
      priceCents: z.number().int().nonnegative(),
      quantity: z.number().int().nonnegative(),
    }),
  },
} as const satisfies Record<string, { domain: Domain; version: number; data: z.ZodType }>;

export type EventType = keyof typeof contracts;
export type EventData<T extends EventType> = z.infer<(typeof contracts)[T]['data']>;
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: Envelope<K, EventData<K>>;
}[T];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(contracts, type);
}

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * Parses raw bytes from Kafka into a typed event, or throws InvalidEventError (malformed
 * JSON, a bad envelope, an unknown type or version, or data that breaks its contract).
 */
export function parseEvent(raw: Buffer | string | null): DomainEvent {
  if (raw === null) throw new InvalidEventError('empty message');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    throw new InvalidEventError('message is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new InvalidEventError(`bad envelope: ${z.prettifyError(envelope.error)}`);
  }
  const { type, version, data } = envelope.data;
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type ${type}`);
  const contract = contracts[type];
  if (version !== contract.version) {
    throw new InvalidEventError(`unsupported ${type} version ${version}`);
  }
  const parsed = contract.data.safeParse(data);
  if (!parsed.success) {
    throw new InvalidEventError(`bad ${type} data: ${z.prettifyError(parsed.error)}`);
  }
  return { ...envelope.data, type, data: parsed.data } as DomainEvent;
}
