/**
 * `npm run schema:check [-- <subgraph> [schema.graphql]] [--base <git-ref> | --base-file <path>]`
 *
 * The shape of `rover subgraph check`, against the repo instead of a registry: composes
 * supergraph.yaml's subgraphs (with <subgraph>'s schema replaced by the given file, if
 * any), fails on composition errors, on breaking changes to the client-facing schema that
 * schema-changes.accepted.json does not accept, and on client operations in operations/
 * that the new schema no longer validates. The baseline is supergraph.graphql as committed
 * at --base (default HEAD; use the target branch in CI, e.g. --base origin/main).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readSupergraphConfig } from '../tools/compose';
import { checkSchema } from '../tools/schema-check/check';
import { formatReport } from '../tools/schema-check/report';

const root = join(__dirname, '..', '..', '..');
const USAGE =
  'usage: npm run schema:check [-- <subgraph> [schema.graphql]] [--base <git-ref> | --base-file <supergraph.graphql>]';

function baseSupergraph(ref: string | undefined, file: string | undefined): string {
  if (file) return readFileSync(file, 'utf8');
  try {
    return execFileSync('git', ['show', `${ref ?? 'HEAD'}:supergraph.graphql`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(
      `cannot read supergraph.graphql at ${ref ?? 'HEAD'} (${stderr || (error as Error).message}); pass --base-file`,
    );
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      'base-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [subgraph, file, ...extra] = positionals;
  if (extra.length > 0) throw new Error(USAGE);
  const configPath = join(root, 'supergraph.yaml');
  const proposed = subgraph
    ? { subgraph, file: file ?? schemaFileOf(configPath, subgraph) }
    : undefined;

  const result = await checkSchema({
    configPath,
    ...(proposed ? { proposed } : {}),
    baseSupergraphSdl: baseSupergraph(values.base, values['base-file']),
    operationsDir: join(root, 'operations'),
    root,
    acceptedChangesPath: join(root, 'schema-changes.accepted.json'),
  });
  const against = values['base-file'] ?? `supergraph.graphql at ${values.base ?? 'HEAD'}`;
  const what = proposed ? `${proposed.subgraph} = ${proposed.file}` : 'the working tree';
  console.log(`schema:check: ${what}, against ${against}\n`);
  console.log(formatReport(result));
  return result.ok ? 0 : 1;
}

/** The subgraph's own schema file in the working tree (so `schema:check users` works). */
function schemaFileOf(configPath: string, subgraph: string): string {
  const source = readSupergraphConfig(configPath).find((s) => s.name === subgraph);
  if (!source) throw new Error(`unknown subgraph "${subgraph}" in supergraph.yaml`);
  return source.file;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`schema:check: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
