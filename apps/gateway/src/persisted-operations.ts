import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, parse } from 'graphql';
import { z } from 'zod';
import { ErrorCode } from '@commerce/service';
import { limitError } from './operation-limits';

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

/**
 * The manifest of the repo's client operations: one entry per `*.graphql` file under
 * `dir` (any depth), its text verbatim, sorted by file so the output is stable. A file
 * holds one operation and the fragments it uses.
 */
export function buildManifest(dir: string): PersistedOperationsManifest {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  const operations = files.map((file) => {
    const body = readFileSync(join(dir, file), 'utf8');
    const definitions = parse(body).definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const [operation] = definitions;
    if (definitions.length !== 1 || !operation?.name) {
      throw new Error(`${file}: a client operation file holds exactly one named operation`);
    }
    return { id: sha256(body), name: operation.name.value, type: operation.operation, body };
  });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
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

export function serializeManifest(manifest: PersistedOperationsManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Safelist mode: only the manifest's operations run. A client sends either the hash alone
 * (`extensions.persistedQuery.sha256Hash`, version 1) or the full text, which must be the
 * manifest's text byte for byte (its sha256 is looked up). Anything else is refused with
 * OPERATION_NOT_PERSISTED before it is parsed. Runs first, in requestDidStart, so that
 * Apollo's own automatic persisted queries (disabled at the gateway) never see the hash.
 */
export function safelistPlugin(manifest: PersistedOperationsManifest): ApolloServerPlugin {
  const bodies = new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
  const notPersisted = () =>
    limitError(
      ErrorCode.OPERATION_NOT_PERSISTED,
      'only persisted operations are accepted; this one is not in the manifest',
    );
  return {
    async requestDidStart({ request }) {
      const { persistedQuery, ...otherExtensions } = request.extensions ?? {};
      const hash = (persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (typeof request.query === 'string') {
        const id = sha256(request.query);
        if (!bodies.has(id) || (hash !== undefined && hash !== id)) throw notPersisted();
      } else if (typeof hash === 'string' && bodies.has(hash)) {
        request.query = bodies.get(hash);
      } else {
        throw notPersisted();
      }
      request.extensions = otherExtensions;
    },
  };
}
