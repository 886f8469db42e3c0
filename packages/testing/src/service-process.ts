import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** Where a process's stdout and stderr go. */
export type Output =
  /** Kept in memory, the last 20,000 characters: enough to explain a failure (`logs`). */
  | 'memory'
  /** Written to this file, truncated at each start: nothing passes through this process. */
  | { file: string }
  /** Discarded (the process keeps a log of its own). */
  | 'ignore';

/** Whether a started process serves yet: a URL answering 2xx, or a check of its own. */
export type Readiness = string | ((process: ServiceProcess) => boolean | Promise<boolean>);

export type ServiceProcessOptions = {
  /** Names the process in errors. */
  name: string;
  command: string;
  args?: string[];
  /** The whole environment, besides PATH: nothing else leaks in from this process. */
  env?: Record<string, string>;
  cwd?: string;
  ready: Readiness;
  output?: Output;
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopGraceMs?: number;
};

const running = new Set<ServiceProcess>();
const LOG_TAIL = 20_000;

/**
 * A process a test or benchmark starts and stops: a service of this repo, a broker, a
 * Redis. start() spawns it and waits until it is ready; it is stopped by its pid, never by
 * name, and may be started again after it stopped or was killed.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  /** When the process was last spawned (epoch ms). */
  startedAt = 0;

  constructor(readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number {
    if (this.child?.pid === undefined || !this.running)
      throw new Error(`${this.name} is not running`);
    return this.child.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The exit code of its last run; null while it runs or when a signal ended it. */
  get exitCode(): number | null {
    return this.child?.exitCode ?? null;
  }

  /** What the process wrote, when its output is kept in memory. */
  get logs(): string {
    return this.output;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const { command, args = [], env = {}, cwd, output = 'memory' } = this.options;
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    const file = typeof output === 'object' ? openSync(output.file, 'w') : undefined;
    const stdio = file ?? (output === 'memory' ? 'pipe' : 'ignore');
    this.output = '';
    const child = spawn(command, args, {
      ...(cwd ? { cwd } : {}),
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', stdio, stdio],
    });
    if (file !== undefined) closeSync(file); // The child has its own copy.
    child.stdout?.on('data', (chunk: Buffer) => this.capture(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.capture(chunk));
    this.child = child;
    this.startedAt = Date.now();
    running.add(this);
    // `close`, not `exit`: by then all it wrote has been read.
    this.exited = new Promise((resolve) =>
      child.once('close', () => {
        running.delete(this);
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) {
        await this.exited;
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode})${this.explain()}`,
        );
      }
      if (await this.isReady()) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready after ${timeoutMs} ms${this.explain()}`);
      await sleep(100);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after the grace period. */
  async stop(graceMs = this.options.stopGraceMs ?? 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return this.exited;
    child.kill('SIGCONT'); // A paused process would not act on SIGTERM.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL: no shutdown hooks, no offset commits, no goodbyes, as in a crash. */
  async kill(): Promise<void> {
    if (this.running) this.child!.kill('SIGKILL');
    await this.exited;
  }

  /**
   * Freezes the process (SIGSTOP): it keeps its memory, JIT-compiled code and connections
   * but runs nothing until resume() (SIGCONT). Peers see it as stalled, e.g. its Kafka
   * group membership lapses after the session timeout and is renewed on resume.
   */
  pause(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  resume(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  private async isReady(): Promise<boolean> {
    const { ready } = this.options;
    if (typeof ready !== 'string') return ready(this);
    try {
      const response = await fetch(ready, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false; // not listening yet
    }
  }

  private explain(): string {
    const { output = 'memory' } = this.options;
    if (typeof output === 'object') return `; see ${output.file}`;
    return output === 'memory' ? `:\n${this.output}` : '';
  }

  private capture(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-LOG_TAIL);
  }
}

/** `node [nodeArgs] <script>`: node's own pid, so /proc/<pid> describes exactly the script. */
export function nodeProcess(
  options: Omit<ServiceProcessOptions, 'command' | 'args'> & {
    script: string;
    nodeArgs?: string[];
  },
): ServiceProcess {
  const { script, nodeArgs = [], ...rest } = options;
  return new ServiceProcess({ ...rest, command: process.execPath, args: [...nodeArgs, script] });
}

/** Last resort on an abrupt exit: every process still running gets SIGKILL, by pid. */
export function killAllSync(): void {
  for (const service of running) {
    try {
      process.kill(service.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
