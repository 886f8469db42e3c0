const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else can match no row, so lookups short-circuit on it. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
