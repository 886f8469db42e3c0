import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger, listen, parseConfig } from '@commerce/service';
import { manualsConfigSchema } from '../src/config';
import { buildManualsService } from '../src/server';

const logger = createLogger('manuals-test', 'silent');
let app: FastifyInstance;
let url: string;
let MANUALS_FILE: string;

function tableFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'manuals-')), 'manuals.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

beforeAll(async () => {
  MANUALS_FILE = tableFile({ manuals: { p1: { url: 'https://m.example/p1.pdf' } } });
  app = buildManualsService({ config: parseConfig(manualsConfigSchema, { MANUALS_FILE }), logger });
  url = await listen(app, '127.0.0.1', 0);
});
afterAll(() => app?.close());

describe('manuals service', () => {
  it('200 with the manual, 204 without one', async () => {
    const found = await fetch(`${url}/manuals/p1`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ url: 'https://m.example/p1.pdf', language: null });
    const none = await fetch(`${url}/manuals/p2`);
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
  });

  it('400 INVALID_PRODUCT_KEY, 404 NOT_FOUND for other routes', async () => {
    const invalid = await fetch(`${url}/manuals/a%20b`);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'INVALID_PRODUCT_KEY' });
    expect((await fetch(`${url}/manuals`)).status).toBe(404);
  });

  it('publishes its OpenAPI document, whose only link is the reverse link to Product', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as any;
    expect(document.components.links.productManual).toMatchObject({ 'x-source-type': 'Product' });
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });

  it('reads the file again when it changes; a bad edit keeps the last good table', async () => {
    writeFileSync(
      MANUALS_FILE,
      JSON.stringify({ manuals: { p3: { url: 'https://m.example/p3.pdf' } } }),
    );
    utimesSync(MANUALS_FILE, new Date(), new Date(Date.now() + 5_000));
    expect((await fetch(`${url}/manuals/p3`)).status).toBe(200);
    expect((await fetch(`${url}/manuals/p1`)).status).toBe(204);
    writeFileSync(MANUALS_FILE, '{ not json');
    utimesSync(MANUALS_FILE, new Date(), new Date(Date.now() + 10_000));
    expect((await fetch(`${url}/manuals/p3`)).status).toBe(200);
  });

  it('refuses to start on a malformed table, naming the file', () => {
    const bad = tableFile({ manuals: { p1: { url: 'not a url' } } });
    expect(() =>
      buildManualsService({
        config: parseConfig(manualsConfigSchema, { MANUALS_FILE: bad }),
        logger,
      }),
    ).toThrow(bad);
  });
});
