import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The one shape of every message on every topic.
 *
 * - identity and routing: `id` (consumers de-duplicate on it), `type`, `version`,
 *   `occurredAt`, `source` (the emitting service), `subject` (the aggregate id, also the
 *   Kafka key, so one aggregate's events stay in order on one partition);
 * - `data`: the data update itself, typed per event in contracts.ts;
 * - `context`: why and from where (correlation and causation ids, user, trace parent);
 * - `properties`: metadata that steers processing (schema, content type, retry count).
 */
export const eventContextSchema = z.object({
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
  traceparent: z.string().min(1).optional(),
});
export type EventContext = z.infer<typeof eventContextSchema>;

export const eventPropertiesSchema = z.object({
  schema: z.string().min(1),
  contentType: z.literal('application/json'),
  retryCount: z.number().int().nonnegative(),
});
export type EventProperties = z.infer<typeof eventPropertiesSchema>;

export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  subject: z.string().min(1),
  data: z.unknown(),
  context: eventContextSchema,
  properties: eventPropertiesSchema,
});

export type Envelope<Type extends string = string, Data = unknown> = Readonly<{
  id: string;
  type: Type;
  version: number;
  occurredAt: string;
  source: string;
  subject: string;
  data: Readonly<Data>;
  context: EventContext;
  properties: EventProperties;
}>;

export function newEnvelope<Type extends string, Data>(fields: {
  type: Type;
  version: number;
  source: string;
  subject: string;
  data: Data;
  context: EventContext;
}): Envelope<Type, Data> {
  return {
    id: randomUUID(),
    type: fields.type,
    version: fields.version,
    occurredAt: new Date().toISOString(),
    source: fields.source,
    subject: fields.subject,
    data: fields.data,
    context: fields.context,
    properties: {
      schema: `${fields.type}/v${fields.version}`,
      contentType: 'application/json',
      retryCount: 0,
    },
  };
}

/** The context of an event caused by another: same correlation, caused by its id. */
export function causedBy(cause: Envelope): EventContext {
  return {
    correlationId: cause.context.correlationId,
    causationId: cause.id,
    ...(cause.context.userId ? { userId: cause.context.userId } : {}),
    ...(cause.context.traceparent ? { traceparent: cause.context.traceparent } : {}),
  };
}
