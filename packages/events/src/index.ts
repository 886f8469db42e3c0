// The public face of @commerce/events: what a service uses to create, write, claim and
// consume events. The Kafka plumbing behind EventPipeline (consumer, relay, producer,
// dead-lettering) and the envelope's parsing stay inside the package.
export type { DomainEvent, EventData, EventType } from './contracts';
export { causedBy, type EventContext } from './envelope';
export { createEvent } from './create-event';
export { insertOutbox } from './outbox';
export { claimEvents, claimEventsSql, uniqueEvents } from './claim-events';
export { NonRetriableError } from './errors';
export { EventPipeline, defineConsumer } from './pipeline';
export type { ConsumerDefinition, EventPipelineOptions } from './pipeline';
export type { Domain } from './topics';
