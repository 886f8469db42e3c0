import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_DIR } from './settings';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

const running = new Set<Service>();

/**
 * One measured process (a service, a gateway, the floor): `node <script>` with its own
 * environment, output to .run/bench/<name>.log, stopped by pid. Its pid is node's own, so
 * /proc/<pid> describes exactly the measured process.
 */
export class Service {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  /** When the process was spawned (epoch ms): where a CPU profile of it starts. */
  startedAt = 0;

  constructor(
    readonly name: string,
    readonly script: string,
    readonly env: Record<string, string>,
    readonly readyUrl: string,
    readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number {
    if (this.child?.pid === undefined) throw new Error(`${this.name} is not running`);
    return this.child.pid;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const log = openSync(join(LOG_DIR, `${this.name}.log`), 'w');
    const child = spawn(process.execPath, [...this.nodeArgs, this.script], {
      env: { PATH: process.env['PATH'] ?? '', ...this.env },
      stdio: ['ignore', log, log],
    });
    this.child = child;
    this.startedAt = Date.now();
    running.add(this);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`${this.name} exited (${child.exitCode}); see ${LOG_DIR}/${this.name}.log`);
      }
      if (await answers(this.readyUrl)) return;
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      running.delete(this);
      return;
    }
    child.kill('SIGCONT'); // A paused process would not act on SIGTERM.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    running.delete(this);
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

  /** User + system CPU time the process has used so far, ms. */
  cpuMs(): number {
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  }

  /** Peak resident set size (VmHWM), MiB. */
  peakRssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    return kib / 1024;
  }
}

/** Last resort on an abrupt exit: every still-running child gets SIGKILL, by pid. */
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

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
