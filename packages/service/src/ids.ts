import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else can match no row, so lookups short-circuit on it. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Visible ASCII, as a header value should be, and short: what a request id may be. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The correlation id of the events a request causes: its `x-request-id` when that is a
 * plausible id, else a fresh UUID (the header is the caller's text, and events are stored).
 */
export function correlationId(requestId: string | undefined): string {
  return requestId !== undefined && REQUEST_ID.test(requestId) ? requestId : randomUUID();
}
