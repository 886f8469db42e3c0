import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_HTTP_SETTINGS, SECURITY_HEADERS, createHttpServer, listen, listenMetrics } from '../src/http';
import { createLogger } from '../src/logger';
import { createMetricsRegistry } from '../src/metrics';

describe('the HTTP shell', () => {
  let app: FastifyInstance;
  let url: string;
  let metricsUrl: string | undefined;
  let dependencyUp = true;

  beforeAll(async () => {
    app = createHttpServer({
      logger: createLogger('test', 'silent'),
      bodyLimit: 1_000,
      metrics: createMetricsRegistry('test'),
      http: { ...DEFAULT_HTTP_SETTINGS, headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 },
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
    metricsUrl = await listenMetrics(app);
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

  it('serves Prometheus metrics labelled by service on its own listener only', async () => {
    expect(metricsUrl).toBeDefined();
    expect(metricsUrl).not.toBe(url);
    const text = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="test"\}/);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/health`)).status).toBe(404);
  });

  it('sends the security headers with every response, errors and 404s included', async () => {
    const responses = [
      await fetch(`${url}/health`),
      await fetch(`${url}/nowhere`),
      await fetch(`${url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      }),
      await fetch(`${metricsUrl}/metrics`),
    ];
    for (const response of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect([response.url, name, response.headers.get(name)]).toEqual([response.url, name, value]);
      }
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('cuts a request whose body stalls with a 408 and closes the socket', async () => {
    const { port } = new URL(url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.write(
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":"1234',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // 1.5 s, checked each second.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('cuts a client that never finishes its headers', async () => {
    const { port } = new URL(url);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      // Read what the server says, or the socket never sees its end.
      socket.resume();
      socket.on('close', () => resolve());
      socket.on('error', reject);
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    });
    expect(Date.now() - started).toBeLessThan(5_000);
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
