import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killAllSync, ServiceProcess, type Readiness } from '../src';

/** A node process running `code`, ready once `ready` answers. */
const nodeRunning = (code: string, ready: Readiness) =>
  new ServiceProcess({
    name: 'probe',
    command: process.execPath,
    args: ['-e', code],
    ready,
    startTimeoutMs: 10_000,
    stopGraceMs: 500,
  });

const server = (port: number, onTerm = 'process.exit(0)') => `
  process.on('SIGTERM', () => { ${onTerm}; });
  require('node:http').createServer((req, res) => res.end('ok')).listen(${port}, '127.0.0.1', () => console.log('listening'));
`;

describe('ServiceProcess', () => {
  afterAll(() => killAllSync());

  it('waits until its URL answers, keeps its output, stops on SIGTERM and starts again', async () => {
    const port = await freePort();
    const service = nodeRunning(server(port), `http://127.0.0.1:${port}/`);
    await service.start();
    expect(service.running).toBe(true);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(service.logs).toContain('listening');
    await service.stop();
    expect(service.running).toBe(false);
    expect(service.exitCode).toBe(0);
    await service.start();
    expect(service.running).toBe(true);
    await service.kill();
    expect({ running: service.running, exitCode: service.exitCode }).toEqual({
      running: false,
      exitCode: null,
    });
  });

  it('SIGKILLs what ignores SIGTERM once the grace period is over', async () => {
    const port = await freePort();
    const service = nodeRunning(
      server(port, "console.log('ignored')"),
      `http://127.0.0.1:${port}/`,
    );
    await service.start();
    const started = Date.now();
    await service.stop();
    expect(service.running).toBe(false);
    expect(service.logs).toContain('ignored');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('freezes on pause() and runs again on resume(), and stops while paused', async () => {
    const port = await freePort();
    const service = nodeRunning(server(port), `http://127.0.0.1:${port}/`);
    await service.start();
    service.pause();
    // The signal is delivered asynchronously: the state turns to T (stopped) soon after.
    const state = () => readFileSync(`/proc/${service.pid}/stat`, 'utf8').split(') ')[1]![0];
    for (let i = 0; i < 50 && state() !== 'T'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(state()).toBe('T');
    const frozen = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    const answered = await Promise.race([
      frozen,
      new Promise((r) => setTimeout(r, 300, 'no answer')),
    ]);
    expect(answered).toBe('no answer');
    service.resume();
    expect(await frozen).toBe('ok');
    service.pause();
    await service.stop();
    expect(service.exitCode).toBe(0);
  });

  it('fails its start with the output when the process exits, or is not ready in time', async () => {
    const exits = nodeRunning("console.error('bad configuration'); process.exit(3)", () => false);
    await expect(exits.start()).rejects.toThrow(/probe exited \(3\):\nbad configuration/);
    expect(exits.exitCode).toBe(3);

    const never = new ServiceProcess({
      name: 'slow',
      command: process.execPath,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      ready: () => false,
      startTimeoutMs: 300,
    });
    await expect(never.start()).rejects.toThrow('slow not ready after 300 ms');
    expect(never.running).toBe(true);
    await never.kill();
  });

  it('writes its output to a file, when told to, and passes only the environment given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-process-'));
    try {
      const file = join(dir, 'probe.log');
      const service = new ServiceProcess({
        name: 'probe',
        command: process.execPath,
        args: [
          '-e',
          "console.log(Object.keys(process.env).sort().join(' ')); setInterval(() => {}, 1000)",
        ],
        env: { GREETING: 'hi' },
        output: { file },
        ready: () => readFileSync(file, 'utf8').includes('\n'),
      });
      await service.start();
      expect(service.logs).toBe('');
      await service.stop();
      expect(readFileSync(file, 'utf8')).toBe('GREETING PATH\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
