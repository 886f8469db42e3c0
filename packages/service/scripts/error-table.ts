/**
 * `npm run errors:table`: rewrites the error table in README.md from the catalogue
 * (packages/service/src/errors.ts). A unit test fails while the committed table is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withErrorTable } from '../tools/error-table';

const readmePath = join(__dirname, '..', '..', '..', 'README.md');

const readme = readFileSync(readmePath, 'utf8');
const updated = withErrorTable(readme);
if (updated === readme) {
  console.log(`${readmePath}: the error table is up to date`);
} else {
  writeFileSync(readmePath, updated);
  console.log(`${readmePath}: error table rewritten`);
}
