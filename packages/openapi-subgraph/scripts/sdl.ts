/**
 * `npm run openapi:sdl -- <document or sources file> [...] [--plan]`: prints the subgraph
 * SDL generated from OpenAPI documents on stdout (`--plan`: the resolver plan as JSON), the
 * warnings and a summary on stderr. Exit status 1 for an invalid document, 2 for bad usage.
 *
 * A sources file is YAML/JSON `{ sources: [{ name, document, options }] }`, documents
 * relative to it; any other file is one document, its source named after the file.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  OpenApiSubgraphError,
  WARNING_CODES,
  formatWarning,
  generateSubgraph,
  type Source,
} from '../src';

const USAGE = 'usage: npm run openapi:sdl -- <openapi document | sources file> [...] [--plan]';

function sourcesOf(file: string): Source[] {
  const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
  const listed = (parsed as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(listed))
    return [
      { name: basename(file, extname(file)).replace(/[^0-9A-Za-z_-]/g, '_'), document: file },
    ];
  return listed.map(
    (entry: { name?: unknown; document?: unknown; options?: Source['options'] }) => {
      if (typeof entry.name !== 'string' || typeof entry.document !== 'string') {
        throw new Error(`${file}: every source needs a name and a document path`);
      }
      return {
        name: entry.name,
        document: resolve(dirname(file), entry.document),
        options: entry.options ?? {},
      };
    },
  );
}

async function main(args: string[]): Promise<number> {
  const files = args.filter((arg) => !arg.startsWith('--'));
  if (files.length === 0 || args.includes('--help')) {
    process.stderr.write(`${USAGE}\n`);
    return files.length === 0 && !args.includes('--help') ? 2 : 0;
  }
  let sources: Source[];
  try {
    sources = files.flatMap((file) => sourcesOf(resolve(file)));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  try {
    const { sdl, plan, warnings } = await generateSubgraph(sources);
    process.stdout.write(args.includes('--plan') ? `${JSON.stringify(plan, null, 2)}\n` : sdl);
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
