import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUsersClient, type UsersPrismaClient } from '@commerce/db/users';
import { createLogger, listen, parseConfig } from '@commerce/service';
import { GraphQLClient, operation, type GraphQLResponse } from '@commerce/testing';
import { gatewayConfigSchema } from '../../apps/gateway/src/config';
import { buildGateway } from '../../apps/gateway/src/server';
import { LOG_LEVEL } from './config';
import { systemSuite, type SystemSuite } from './suite';
import { composeFor, type System } from './system';

/** The raw HTTP exchange, for requests no GraphQL client would send. */
export type RawResponse = { status: number; headers: Headers; body: GraphQLResponse<unknown> };

export async function send(url: string, init: RequestInit): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: GraphQLResponse<unknown>;
  try {
    body = JSON.parse(text);
  } catch {
    body = { status: response.status, errors: [{ message: text }] };
  }
  return { status: response.status, headers: response.headers, body };
}

export const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
  send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** Every row of every table an attack could touch, in a stable order. */
export class DatabaseSnapshots {
  readonly users: UsersPrismaClient;

  constructor(private readonly system: System) {
    this.users = createUsersClient(system.databases.users.url);
  }

  async take() {
    const { ordersDb, productsDb } = this.system;
    const [users, products, reservations, orders, lines, outbox, keys] = await Promise.all([
      this.users.user.findMany({ orderBy: { id: 'asc' } }),
      productsDb.product.findMany({ orderBy: { id: 'asc' } }),
      productsDb.reservation.count(),
      ordersDb.order.findMany({ orderBy: { id: 'asc' } }),
      ordersDb.orderLine.findMany({ orderBy: [{ orderId: 'asc' }, { productId: 'asc' }] }),
      ordersDb.outboxEvent.findMany({ orderBy: { seq: 'asc' }, select: { id: true, type: true } }),
      ordersDb.idempotencyKey.findMany({ orderBy: [{ userId: 'asc' }, { key: 'asc' }] }),
    ]);
    return { users, products, reservations, orders, lines, outbox, keys };
  }

  /** Runs the attack and checks that no row anywhere changed. */
  async expectNothingChanged<T>(attack: () => Promise<T>): Promise<T> {
    const before = await this.take();
    const result = await attack();
    expect(await this.take()).toEqual(before);
    return result;
  }

  close(): Promise<void> {
    return this.users.$disconnect();
  }
}

export type BackgroundStats = {
  warmUpMs: number;
  requests: number;
  errors: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
};

/**
 * A well-behaved shopper next to the attacks: `query Products` every `intervalMs`, one at a
 * time, until stopped or until `maxDurationMs` / `maxRequests` (it always stops by itself).
 * Anything but a 200 with data and no errors counts as an error.
 */
export class BackgroundClient {
  private readonly latencies: number[] = [];
  private errors = 0;
  private stopped = false;
  private readonly done: Promise<void>;
  private readonly failures: string[] = [];
  private warmUpMs = 0;

  constructor(
    gatewayUrl: string,
    options: { intervalMs?: number; maxDurationMs?: number; maxRequests?: number } = {},
  ) {
    const { intervalMs = 20, maxDurationMs = 240_000, maxRequests = 12_000 } = options;
    const client = new GraphQLClient(gatewayUrl);
    const query = operation('Products');
    const deadline = Date.now() + maxDurationMs;
    this.done = (async () => {
      // Unmeasured: the first request of a gateway plans the query and opens connections.
      this.warmUpMs = await timed(() => client.request(query).catch(() => undefined));
      while (!this.stopped && Date.now() < deadline && this.latencies.length < maxRequests) {
        const started = performance.now();
        try {
          const response = await client.request(query);
          if (response.status !== 200 || response.errors || !response.data) {
            this.fail(`${response.status} ${JSON.stringify(response.errors)}`);
          }
        } catch (error) {
          this.fail(String(error));
        }
        this.latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    })();
  }

  async stop(): Promise<BackgroundStats> {
    this.stopped = true;
    await this.done;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
    const requests = sorted.length;
    return {
      warmUpMs: round(this.warmUpMs),
      requests,
      errors: this.errors,
      errorRate: requests ? this.errors / requests : 0,
      p50Ms: round(at(0.5)),
      p99Ms: round(at(0.99)),
      maxMs: round(sorted.at(-1) ?? 0),
    };
  }

  /** The first few failures, to explain a non-zero error count. */
  get failureSamples(): string[] {
    return this.failures;
  }

  private fail(reason: string) {
    this.errors += 1;
    if (this.failures.length < 5) this.failures.push(reason);
  }
}

export function report(file: string, stats: BackgroundStats, failures: string[]): void {
  console.log(
    `[${file}] background client: ${stats.requests} requests, ${stats.errors} errors ` +
      `(${(stats.errorRate * 100).toFixed(2)}%), p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, ` +
      `max ${stats.maxMs} ms (first, unmeasured request: ${stats.warmUpMs} ms)${failures.length ? `; failures: ${failures.join(' | ')}` : ''}`,
  );
}

/**
 * Another gateway over the same subgraphs, from the system's gateway environment plus
 * `env`: a second instance (sharing rate-limit counters) or a differently configured one.
 */
export async function startGateway(
  system: System,
  env: Record<string, string> = {},
): Promise<{ client: GraphQLClient; url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeFor(system.subgraphUrls));
  const config = parseConfig(gatewayConfigSchema, {
    ...system.gatewayEnv,
    SUPERGRAPH_PATH: supergraphPath,
    ...env,
  });
  const { app } = await buildGateway(config, createLogger('e2e-gateway', LOG_LEVEL));
  const url = `${await listen(app, '127.0.0.1', 0)}/graphql`;
  return {
    client: new GraphQLClient(url),
    url,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export type AttackSuite = SystemSuite & { db: DatabaseSnapshots };

/**
 * The frame of every attack file: a system with a production-mode gateway (extra gateway
 * settings merged in), row snapshots, and a background client making normal requests for
 * the whole file, whose error rate and p99 are reported when the file ends. Call it at the
 * top level of the file; the fields are set by the time the file's own beforeAll runs.
 */
export function attackSuite(name: string, gatewayEnv: Record<string, string> = {}): AttackSuite {
  let background: BackgroundClient | undefined;
  const suite = systemSuite(
    { worker: 'none', saga: false, gatewayEnv: { NODE_ENV: 'production', ...gatewayEnv } },
    {
      stopping: async () => {
        if (background) report(name, await background.stop(), background.failureSamples);
        await suite.db?.close();
      },
    },
  ) as AttackSuite;
  beforeAll(() => {
    suite.db = new DatabaseSnapshots(suite.system);
    background = new BackgroundClient(suite.system.gatewayUrl);
  });
  return suite;
}
