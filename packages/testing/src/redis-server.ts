import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { ServiceProcess } from './service-process';

/**
 * A Redis server of the test's own, on a free 127.0.0.1 port, that the test may stop and
 * start again (Redis outages) without touching the machine's shared Redis.
 */
export class RedisServer {
  private readonly dir = mkdtempSync(join(tmpdir(), 'redis-'));
  private readonly process: ServiceProcess;

  private constructor(readonly port: number) {
    this.process = new ServiceProcess({
      name: 'redis-server',
      command: 'redis-server',
      args: [
        ...['--port', String(port), '--bind', '127.0.0.1'],
        ...['--save', '', '--appendonly', 'no', '--dir', this.dir],
      ],
      ready: (redis) => redis.logs.includes('Ready to accept connections'),
    });
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    return this.process.start();
  }

  /** SIGKILL: Redis is gone at once, as in an outage. */
  stop(): Promise<void> {
    return this.process.kill();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
