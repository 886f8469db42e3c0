import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** A service of the repo run as its own process, the way `npm start` runs it. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    private readonly entry: string,
    private readonly env: Record<string, string>,
    private readonly readyUrl: string,
  ) {}

  async start(timeoutMs = 30_000): Promise<void> {
    this.output = '';
    // `node --import tsx`, not the tsx CLI: the CLI runs the service in a grandchild that
    // a SIGKILL to the CLI would orphan.
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, this.entry)], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => this.capture(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.capture(chunk));
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`${this.entry} exited with ${child.exitCode}:\n${this.output}`);
      }
      try {
        const response = await fetch(this.readyUrl);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.entry} not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hooks, no offset commits, no goodbyes. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** http://127.0.0.1:<port> of the service. */
  get baseUrl(): string {
    return new URL(this.readyUrl).origin;
  }

  get logs(): string {
    return this.output;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  private capture(chunk: Buffer): void {
    // Keep the tail only: enough to explain a failure.
    this.output = (this.output + chunk.toString()).slice(-20_000);
  }
}
