import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../src/errors';
import { TABLE_END, TABLE_START, errorTable, withErrorTable } from './error-table';

const README = join(__dirname, '..', '..', '..', 'README.md');

describe('the README error table', () => {
  it('is up to date with the catalogue (run npm run errors:table)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(withErrorTable(readme)).toBe(readme);
  });

  it('lists every code once, with its status', () => {
    const table = errorTable();
    for (const code of Object.values(ErrorCode)) {
      expect(table.split(`| \`${code}\` |`)).toHaveLength(2);
    }
    expect(table).toContain('| `RATE_LIMITED` | 429 |');
    expect(table).toContain('| `NOT_FOUND` | 200, field error |');
  });

  it('replaces only what lies between the markers', () => {
    const readme = `before\n${TABLE_START}\nold table\n${TABLE_END}\nafter\n`;
    expect(withErrorTable(readme)).toBe(
      `before\n${TABLE_START}\n\n${errorTable()}\n\n${TABLE_END}\nafter\n`,
    );
  });
});
