/**
 * `npm run operations:manifest`: writes operations/manifest.json, the persisted operations
 * manifest of every client operation under operations/ (what a gateway in safelist mode
 * accepts). `--check` writes nothing and fails if the committed manifest is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest, serializeManifest } from '../tools/operations-manifest';

const operationsDir = join(__dirname, '..', '..', '..', 'operations');
const manifestPath = join(operationsDir, 'manifest.json');

const manifest = serializeManifest(buildManifest(operationsDir));
if (process.argv.includes('--check')) {
  const committed = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : '';
  if (committed !== manifest) {
    console.error(`${manifestPath} is stale: run npm run operations:manifest`);
    process.exit(1);
  }
  console.log(`${manifestPath} is up to date`);
} else {
  writeFileSync(manifestPath, manifest);
  console.log(`wrote ${manifestPath}`);
}
