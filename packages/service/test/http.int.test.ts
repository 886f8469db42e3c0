import type { FastifyInstance } from 'fastify';
import { createHttpServer, listen } from '../src/http';
import { createLogger } from '../src/logger';
import { createMetricsRegistry } from '../src/metrics';

describe('the HTTP shell', () => {
  let app: FastifyInstance;
  let url: string;
  let dependencyUp = true;

  beforeAll(async () => {
    app = createHttpServer({
      logger: createLogger('test', 'silent'),
      bodyLimit: 1_000,
      metrics: createMetricsRegistry('test'),
      readiness: [
        {
          name: 'database',
          check: async () => {
            if (!dependencyUp) throw new Error('connection refused');
          },
        },
      ],
    });
    app.post('/echo', async (request) => request.body);
    url = await listen(app, '127.0.0.1', 0);
  });
  afterAll(() => app.close());

  it('answers /health while the process lives', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready 200 only while every dependency answers', async () => {
    dependencyUp = true;
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    dependencyUp = false;
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not ready',
      checks: { database: 'connection refused' },
    });
    dependencyUp = true;
  });

  it('serves Prometheus metrics labelled by service', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="test"\}/);
  });

  it('refuses a body over the limit with a GraphQL-shaped 413', async () => {
    const response = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(2_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('refuses malformed JSON with BAD_REQUEST', async () => {
    const response = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });
});
