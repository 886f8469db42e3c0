import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest, sha256 } from '../src/limits/safelist';
import { buildManifest, serializeManifest } from './operations-manifest';

const operations = join(__dirname, '..', '..', '..', 'operations');

describe('persisted operations manifest', () => {
  it('is up to date with operations/ (run npm run operations:manifest)', () => {
    expect(readFileSync(join(operations, 'manifest.json'), 'utf8')).toBe(
      serializeManifest(buildManifest(operations)),
    );
  });

  it('names each operation by the sha256 of its exact text', () => {
    const manifest = readManifest(join(operations, 'manifest.json'));
    const products = manifest.operations.find((operation) => operation.name === 'Products');
    const text = readFileSync(join(operations, 'shop', 'Products.graphql'), 'utf8');
    expect(products).toEqual({ id: sha256(text), name: 'Products', type: 'query', body: text });
  });

  it('refuses a manifest whose ids are not the hashes of the bodies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const manifest = buildManifest(operations);
    manifest.operations[0]!.body += '\n{ users { _id } }';
    writeFileSync(join(dir, 'manifest.json'), serializeManifest(manifest));
    expect(() => readManifest(join(dir, 'manifest.json'))).toThrow(/not its sha256/);
  });
});
