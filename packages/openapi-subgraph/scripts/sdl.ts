/**
 * `npm run openapi:sdl -- <document or sources file> [...] [--plan]`: prints the subgraph
 * SDL generated from OpenAPI documents on stdout (`--plan`: the resolver plan as JSON), the
 * warnings and a summary on stderr. Exit status 1 for an invalid document, 2 for bad usage.
 *
 * `--write [sources file]` writes the SDL to `schema.graphql` beside the sources file
 * (default apps/rest-subgraph/sources.yaml), the file the rest-subgraph serves and
 * supergraph.yaml composes; scripts/codegen-check.sh fails when it is stale.
 *
 * A sources file is YAML/JSON `{ sources: [{ name, document, options }] }`, documents
 * relative to it; any other file is one document, its source named after the file.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  OpenApiSubgraphError,
  WARNING_CODES,
  formatWarning,
  generateSubgraph,
  readSourcesFile,
  type Source,
} from '../src';

const USAGE =
  'usage: npm run openapi:sdl -- <openapi document | sources file> [...] [--plan]\n' +
  '       npm run openapi:sdl -- --write [sources file]   (writes schema.graphql beside it)';
const ROOT = join(__dirname, '..', '..', '..');
const DEFAULT_SOURCES = join(ROOT, 'apps', 'rest-subgraph', 'sources.yaml');

async function main(args: string[]): Promise<number> {
  const write = args.includes('--write');
  const listed = args.filter((arg) => !arg.startsWith('--'));
  const files = write && listed.length === 0 ? [DEFAULT_SOURCES] : listed;
  if (files.length === 0 || args.includes('--help') || (write && files.length > 1)) {
    process.stderr.write(`${USAGE}\n`);
    return args.includes('--help') ? 0 : 2;
  }
  let sources: Source[];
  try {
    sources = (await Promise.all(files.map((file) => readSourcesFile(resolve(file))))).flat();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  try {
    const { sdl, plan, warnings } = await generateSubgraph(sources);
    if (write) {
      const target = join(dirname(resolve(files[0] ?? DEFAULT_SOURCES)), 'schema.graphql');
      writeFileSync(target, sdl.endsWith('\n') ? sdl : `${sdl}\n`);
      process.stderr.write(`wrote ${relative(process.cwd(), target)}\n`);
    } else {
      process.stdout.write(args.includes('--plan') ? `${JSON.stringify(plan, null, 2)}\n` : sdl);
    }
    for (const warning of warnings) process.stderr.write(`warning ${formatWarning(warning)}\n`);
    const codes = [...new Set(warnings.map((w) => w.code))];
    for (const code of codes)
      process.stderr.write(`  ${code}: ${WARNING_CODES[code].description}\n`);
    const fields = Object.keys(plan.fields);
    const count = (prefix: string) => fields.filter((f) => f.startsWith(prefix)).length;
    process.stderr.write(
      `${sources.map((s) => s.name).join(', ')}: ${Object.keys(plan.operations).length} operations -> ` +
        `${count('Query.')} Query and ${count('Mutation.')} Mutation fields, ` +
        `${fields.length - count('Query.') - count('Mutation.')} link fields, ${Object.keys(plan.entities).length} entities; ` +
        `${warnings.length} warnings\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof OpenApiSubgraphError) {
      process.stderr.write(`error ${error.code} ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
