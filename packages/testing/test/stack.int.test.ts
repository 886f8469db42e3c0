import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

function stack(...args: string[]) {
  const run = spawnSync('bash', ['scripts/stack.sh', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('scripts/stack.sh', () => {
  it('up is idempotent: a second up starts nothing', () => {
    const first = stack('up');
    expect(first).toMatchObject({ status: 0 });

    const second = stack('up');
    expect(second).toMatchObject({ status: 0 });
    const lines = second.output.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['postgres', 'redis', 'kafka']);
    for (const line of lines) expect(line).toMatch(/\(already running\)$/);
  }, 180_000);

  it('status reports all three services and exits 0', () => {
    const status = stack('status');
    expect(status.output).toMatch(/^postgres\s+127\.0\.0\.1:5432\s+listening/m);
    expect(status.output).toMatch(/^redis\s+127\.0\.0\.1:6379\s+listening/m);
    expect(status.output).toMatch(/^kafka\s+127\.0\.0\.1:9092\s+listening/m);
    expect(status.status).toBe(0);
  });
});
