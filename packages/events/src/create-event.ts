import { contracts, type DomainEvent, type EventData, type EventType } from './contracts';
import { newEnvelope, type EventContext } from './envelope';
import type { Domain } from './topics';

/** Builds a typed event from its contract (the version comes from the contract). */
export function createEvent<T extends EventType>(
  type: T,
  fields: { source: string; subject: string; data: EventData<T>; context: EventContext },
): DomainEvent<T> {
  return newEnvelope({ type, version: contracts[type].version, ...fields }) as DomainEvent<T>;
}

/** The row an event becomes in a service's outbox table, written in the same transaction. */
export type OutboxRecord = {
  id: string;
  /** The domain; the relay maps it to its Kafka topic (see topics.ts). */
  topic: Domain;
  key: string;
  type: string;
  payload: DomainEvent;
};

export function toOutboxRecord(event: DomainEvent): OutboxRecord {
  return {
    id: event.id,
    topic: contracts[event.type].domain,
    key: event.subject,
    type: event.type,
    payload: event,
  };
}
