import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { ServiceProcess } from './service-process';

const ROOT = join(__dirname, '..', '..', '..');
const LIBS = join(ROOT, '.cache', 'kafka', 'libs');
const CLUSTER_ID = 'dGVzdC1icm9rZXItY2x1c3Q';

/**
 * A real Apache Kafka broker of the test's own (same jars and settings as the local stack,
 * other ports, its own data folder), for tests that stop and restart the broker without
 * disturbing the shared one other test files use. Its data survives stop()/start().
 */
export class KafkaBroker {
  private readonly dir = mkdtempSync(join(tmpdir(), 'kafka-broker-'));
  private readonly process = new ServiceProcess({
    name: 'test broker',
    command: 'java',
    args: [...this.jvm(), 'kafka.Kafka', this.properties],
    // The broker logs to its own file (log4j2), read for readiness and on failure.
    output: 'ignore',
    ready: async () => this.logSaysStarted() && (await accepts(this.port)),
    startTimeoutMs: 60_000,
    stopGraceMs: 30_000,
  });

  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async start(): Promise<KafkaBroker> {
    if (!existsSync(LIBS))
      throw new Error(`no broker jars in ${LIBS}: run 'npm run stack:up' once`);
    const broker = new KafkaBroker(await freePort(), await freePort());
    broker.configure();
    await broker.start();
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.process.start().catch((error: Error) => {
      throw new Error(`${error.message}: ${this.logTail()}`);
    });
  }

  /** A clean stop (SIGTERM), as an operator would; SIGKILL if it hangs. */
  async stop(): Promise<void> {
    await this.process.stop();
    this.forgetStart();
  }

  /** SIGKILL: the broker vanishes as in a crash. Its restart waits out the old session. */
  async kill(): Promise<void> {
    await this.process.kill();
    this.forgetStart();
  }

  /** The next start must wait for a fresh "started" line. */
  private forgetStart(): void {
    rmSync(this.log, { force: true });
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get properties(): string {
    return join(this.dir, 'server.properties');
  }

  private get log(): string {
    return join(this.dir, 'logs', 'server.log');
  }

  private jvm(): string[] {
    return [
      '-Xmx384m',
      '-XX:+UseSerialGC',
      '-cp',
      `${LIBS}/*`,
      `-Dlog4j2.configurationFile=${join(ROOT, 'infra', 'kafka', 'log4j2.yaml')}`,
      `-Dkafka.logs.dir=${join(this.dir, 'logs')}`,
    ];
  }

  private configure(): void {
    const base = readFileSync(join(ROOT, 'infra', 'kafka', 'server.properties'), 'utf8');
    const properties = base
      .replace(
        /^controller\.quorum\.voters=.*$/m,
        `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
      )
      .replace(
        /^listeners=.*$/m,
        `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
      )
      .replace(
        /^advertised\.listeners=.*$/m,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
      )
      .replace(/^log\.dirs=.*$/m, `log.dirs=${join(this.dir, 'data')}`);
    writeFileSync(this.properties, properties);
    const format = spawnSync(
      'java',
      [...this.jvm(), 'kafka.tools.StorageTool', 'format', '-t', CLUSTER_ID, '-c', this.properties],
      { encoding: 'utf8' },
    );
    if (format.status !== 0)
      throw new Error(`formatting test broker storage failed: ${format.stderr}`);
  }

  private logSaysStarted(): boolean {
    try {
      return readFileSync(this.log, 'utf8').includes('Kafka Server started');
    } catch {
      return false;
    }
  }

  private logTail(): string {
    try {
      return readFileSync(this.log, 'utf8').slice(-3_000);
    } catch {
      return '(no log)';
    }
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
