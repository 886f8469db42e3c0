import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERRORS } from '@commerce/service';
import { graphqlGetParameters } from './get-parameters';

/**
 * Apollo's persisted query manifest format: each operation's exact text (`body`) under
 * the sha256 of that text (`id`), which is what clients send as
 * `extensions.persistedQuery.sha256Hash`.
 */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string(),
    }),
  ),
});

export type PersistedOperationsManifest = z.infer<typeof manifestSchema>;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function readManifest(path: string): PersistedOperationsManifest {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  for (const operation of manifest.operations) {
    if (sha256(operation.body) !== operation.id) {
      throw new Error(`${path}: operation ${operation.name} has an id that is not its sha256`);
    }
  }
  return manifest;
}

/** The prefix Apollo Server puts before a hash in its persisted query cache. */
const APQ_PREFIX = 'apq:';

/**
 * Safelist mode: only the manifest's operations run. A client sends either the hash alone
 * (`extensions.persistedQuery.sha256Hash`, Apollo's format, over GET or POST) or the full
 * text, which must be the manifest's text byte for byte. Two pieces:
 * - `admit`, a hook on the HTTP route, refuses anything else with OPERATION_NOT_PERSISTED
 *   before it is parsed or validated (validation errors would describe the schema). It
 *   sits at the HTTP layer because Apollo masks errors thrown by plugins before the
 *   operation is resolved; it reads GET parameters the way Apollo does (URLSearchParams).
 * - `cache`, the persisted query cache Apollo resolves hashes with: read-only, so the
 *   manifest is the only source of operations and clients cannot register their own.
 */
export type Safelist = {
  admit: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  cache: NonNullable<PersistedQueryOptions['cache']>;
};

export function safelist(manifest: PersistedOperationsManifest, route = '/graphql'): Safelist {
  const bodies = new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
  const admits = (query: unknown, extensions: unknown): boolean => {
    const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
      ?.persistedQuery?.sha256Hash;
    if (typeof query === 'string' && query !== '') {
      const id = sha256(query);
      return bodies.has(id) && (hash === undefined || hash === id);
    }
    return typeof hash === 'string' && bodies.has(hash);
  };
  const cache: Safelist['cache'] = {
    get: async (key) =>
      key.startsWith(APQ_PREFIX) ? bodies.get(key.slice(APQ_PREFIX.length)) : undefined,
    set: async () => undefined,
    delete: async () => undefined,
  };
  const admit = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== route) return;
    let query: unknown;
    let extensions: unknown;
    if (request.method === 'GET') {
      ({ query, extensions } = graphqlGetParameters(request.url));
    } else if (request.method === 'POST') {
      // Batches and non-objects are Apollo's to refuse.
      if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))
        return;
      ({ query, extensions } = request.body as { query?: unknown; extensions?: unknown });
    } else {
      return;
    }
    if (admits(query, extensions)) return;
    const refusal = ERRORS.OPERATION_NOT_PERSISTED;
    return reply
      .code(refusal.status)
      .send(
        refusal.responseBody(
          'only persisted operations are accepted; this one is not in the manifest',
        ),
      );
  };
  return { admit, cache };
}
