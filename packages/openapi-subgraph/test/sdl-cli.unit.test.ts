import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(__dirname, 'fixtures');

function sdl(...args: string[]) {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  return spawnSync(tsx, [join(__dirname, '..', 'scripts', 'sdl.ts'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run openapi:sdl', () => {
  it.each([
    [
      'a sources file: the SDL on stdout, the summary on stderr',
      [join(FIXTURES, 'local', 'sources.yaml')],
      0,
      'extend schema @link',
      'reviews, manuals: 5 operations',
    ],
    [
      'a document: its warnings explained on stderr',
      [join(FIXTURES, 'tictactoe-3.1.yaml')],
      0,
      'type Query',
      'ENUM_VALUE_RENAMED: An enum value',
    ],
    [
      'an invalid document: exit 1 and the pointer',
      [join(FIXTURES, 'redoc-demo-3.0.yaml')],
      1,
      '',
      'redoc-demo-3_0#/components/schemas/User/properties/addresses/additionalItems',
    ],
    ['no arguments: usage, exit 2', [], 2, '', 'usage: npm run openapi:sdl'],
    [
      '--plan: the plan as JSON',
      [join(FIXTURES, 'link-example-3.0.yaml'), '--plan'],
      0,
      '"version": 1',
      '3 link fields',
    ],
  ])('%s', (_case, args, status, stdout, stderr) => {
    const result = sdl(...args);
    expect(result.status).toBe(status);
    expect(result.stdout).toContain(stdout);
    expect(result.stderr).toContain(stderr);
  });

  it('--write writes schema.graphql beside the sources file, the SDL it would print', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-sdl-'));
    cpSync(join(FIXTURES, 'local'), dir, { recursive: true });
    const written = sdl('--write', join(dir, 'sources.yaml'));
    expect(written.status).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain('schema.graphql');
    const printed = sdl(join(dir, 'sources.yaml')).stdout;
    expect(readFileSync(join(dir, 'schema.graphql'), 'utf8')).toBe(`${printed.trimEnd()}\n`);
  });

  it('--write with two files is a usage error and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-sdl-'));
    cpSync(join(FIXTURES, 'local'), dir, { recursive: true });
    const refused = sdl('--write', join(dir, 'sources.yaml'), join(dir, 'manuals.yaml'));
    expect(refused.status).toBe(2);
    expect(existsSync(join(dir, 'schema.graphql'))).toBe(false);
  });
});
