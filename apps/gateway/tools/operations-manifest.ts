import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { sha256, type PersistedOperationsManifest } from '../src/limits/safelist';

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

export function serializeManifest(manifest: PersistedOperationsManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
