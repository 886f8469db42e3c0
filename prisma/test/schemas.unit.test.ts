import { readFile } from 'node:fs/promises';
import path from 'node:path';

const MARKER = '// --- Shared event tables';

async function eventTables(service: string): Promise<string> {
  const schema = await readFile(path.join(__dirname, '..', service, 'schema.prisma'), 'utf8');
  const start = schema.indexOf(MARKER);
  expect(start).toBeGreaterThan(0);
  return schema.slice(start);
}

test('the shared event tables are the same block in products and orders', async () => {
  expect(await eventTables('orders')).toBe(await eventTables('products'));
});
