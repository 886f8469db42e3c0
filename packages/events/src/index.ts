// The public face of @commerce/events: what services use to define, write, claim and
// consume events. The Kafka plumbing behind EventPipeline (consumer, relay, producer,
// dead-lettering) stays inside the package.
export { contracts, isEventType, parseEvent, InvalidEventError } from './contracts';
export type { DomainEvent, EventData, EventType } from './contracts';
export { causedBy, type Envelope, type EventContext, type EventProperties } from './envelope';
export { createEvent } from './create-event';
export { insertOutbox } from './outbox';
export { claimEvents, claimEventsSql, uniqueEvents } from './claim-events';
export { NonRetriableError, isOutage } from './errors';
export { EventPipeline, defineConsumer } from './pipeline';
export type { ConsumerDefinition, EventPipelineOptions } from './pipeline';
export { DOMAINS, Topics, type Domain } from './topics';
