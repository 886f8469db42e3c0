/**
 * `npm run compose`: composes supergraph.yaml's subgraphs into supergraph.graphql, or
 * fails listing every composition error. A running gateway picks the new file up.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compose, readSupergraphConfig } from '../tools/compose';

const root = join(__dirname, '..', '..', '..');
const configPath = process.argv[2] ?? join(root, 'supergraph.yaml');
const outputPath = process.argv[3] ?? join(root, 'supergraph.graphql');

const outcome = compose(readSupergraphConfig(configPath));
for (const hint of outcome.hints) console.log(`hint  ${hint}`);
if (!outcome.ok) {
  for (const error of outcome.errors) console.error(`error ${error}`);
  console.error(`composition failed: ${outcome.errors.length} error(s)`);
  process.exit(1);
}
// Written beside, then renamed over: a gateway polling the file never reads half of it.
const temporary = `${outputPath}.${process.pid}.tmp`;
writeFileSync(temporary, outcome.supergraphSdl.trimEnd() + '\n');
renameSync(temporary, outputPath);
console.log(`composed ${outputPath}`);
