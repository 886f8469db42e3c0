import type { IncomingHttpHeaders } from 'node:http';
import type { RestSource } from './config';
import type { RestAnswer } from './rest-client';

/** What one GraphQL request carries through its resolvers. */
export type Context = {
  /** Per source: the incoming headers it may see (its `forwardHeaders`), nothing else. */
  forwarded: ReadonlyMap<string, Record<string, string>>;
  /** Identical GETs of this request, made once: `source GET path` -> the answer. */
  gets: Map<string, Promise<RestAnswer>>;
  /** The REST parameters each fetched object was requested with (`$request.*` links). */
  requests: WeakMap<object, RequestParameters>;
};

export type RequestParameters = Record<'path' | 'query' | 'header', Record<string, unknown>>;

export function createContext(
  headers: IncomingHttpHeaders,
  sources: Iterable<RestSource>,
): Context {
  const forwarded = new Map<string, Record<string, string>>();
  for (const source of sources) {
    const picked: Record<string, string> = {};
    for (const name of source.forwardHeaders) {
      const value = headers[name];
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) picked[name] = first;
    }
    forwarded.set(source.name, picked);
  }
  return { forwarded, gets: new Map(), requests: new WeakMap() };
}
