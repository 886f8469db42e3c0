import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bearer } from '@commerce/testing';
import { runLoad } from './load';
import type { HttpLoad } from './load-spec';
import { orderBodies } from './s2-ordering';
import { S1_QUERY } from './s1-federated-read';
import { createProduct, type Buyer, type Databases } from './shop';
import { LOG_DIR, PORTS, REPO_ROOT, TIMING, url } from './settings';
import {
  defineSystem,
  startServices,
  stopServices,
  type NodeArgs,
  type Role,
  type System,
} from './system';

type CpuProfile = {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
};

export type Frame = { frame: string; selfPercent: number; selfMs: number };
export type ProcessProfile = {
  process: string;
  busyMs: number;
  /** Idle excluded: shares of the time the process was on the CPU or waiting on GC. */
  topFrames: Frame[];
  /** Self time by package (node_modules/<package>), node internals, or the repo's own code. */
  topPackages: Frame[];
};
export type ProfileResult = { s1: ProcessProfile[]; s2: ProcessProfile[]; command: string };

const PROFILED: readonly Role[] = ['users', 'products', 'orders', 'worker', 'gateway'];

/**
 * Runs the gateway, subgraphs and worker under `--cpu-prof` through S1's load, then
 * through S2's load, and reads the top frames of each profile. Timings of a
 * profiled process are not reported: the profiler slows it down.
 */
export async function runProfiles(
  system: System,
  context: { s1Tokens: string[]; buyers: Buyer[]; db: Databases },
  log: (line: string) => void,
): Promise<{ system: System; profiles: ProfileResult }> {
  const dir = (scenario: string) => join(LOG_DIR, 'profiles', scenario);
  const flags = (scenario: string, name: string) => [
    '--cpu-prof',
    `--cpu-prof-dir=${dir(scenario)}`,
    `--cpu-prof-name=${name}.cpuprofile`,
  ];
  for (const scenario of ['s1', 's2']) {
    rmSync(dir(scenario), { recursive: true, force: true });
    mkdirSync(dir(scenario), { recursive: true });
  }

  /** The profiled services, restarted with the scenario's flags, then `run` on them. */
  let current = system;
  const profiled = async (scenario: 's1' | 's2', run: () => Promise<void>) => {
    await stopServices(current, PROFILED);
    const args: NodeArgs = Object.fromEntries(
      PROFILED.map((role) => [role, flags(scenario, role)]),
    );
    current = defineSystem(system.supergraphPath, args);
    await startServices(current, PROFILED);
    await run();
  };
  /** The load through the gateway, once it begins: where the profiles' start-up ends. */
  const gatewayLoad = async (load: Omit<HttpLoad, 'kind' | 'url' | 'headers'>) => {
    const skip = skipStartUp(current);
    await runLoad({
      kind: 'http',
      url: url(PORTS.gateway),
      headers: { 'content-type': 'application/json' },
      ...load,
    });
    return skip;
  };

  let s1Skip: Record<string, number> = {};
  await profiled('s1', async () => {
    log('  S1 load on the profiled gateway and subgraphs');
    s1Skip = await gatewayLoad({
      connections: TIMING.s1.connections,
      durationSeconds: 10,
      bodies: [JSON.stringify({ query: S1_QUERY })],
      headerSets: context.s1Tokens.map((token) => bearer(token)),
    });
  });

  let s2Skip: Record<string, number> = {};
  await profiled('s2', async () => {
    log('  S2 load (2,000 placeOrder) on the profiled services');
    const others = await Promise.all(
      [0, 1, 2].map((i) => createProduct(`profile other ${i}`, 700, 1_000_000)),
    );
    const hot = await createProduct('profile hot', 1_999, 1_000);
    s2Skip = await gatewayLoad({
      connections: TIMING.s2.buyers,
      amount: 2_000,
      bodies: orderBodies(hot, others),
      headerSets: context.buyers.map((buyer) => bearer(buyer.token)),
    });
    await context.db.settle(hot, TIMING.s2.settleTimeoutMs);
  });
  await stopServices(current, PROFILED);

  return {
    // The restarted profiled services; every other process is the one started first.
    system: { ...system, ...Object.fromEntries(PROFILED.map((role) => [role, current[role]])) },
    profiles: {
      s1: readProfiles(dir('s1'), s1Skip),
      s2: readProfiles(dir('s2'), s2Skip),
      command:
        'node --cpu-prof --cpu-prof-dir=.run/bench/profiles/<scenario> apps/<app>/dist/index.js',
    },
  };
}

/** Per role, how long after its spawn the load began: start-up (module loading) is not profiled. */
function skipStartUp(system: System): Record<string, number> {
  const now = Date.now();
  return Object.fromEntries(PROFILED.map((role) => [role, now - system[role].startedAt]));
}

function readProfiles(dir: string, skipMs: Record<string, number>): ProcessProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => {
      const role = f.replace('.cpuprofile', '');
      const profile = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
      return analyze(role, profile, skipMs[role] ?? 0);
    });
}

/** Self time per frame and per package, from `skipMs` after the profile's start on. */
export function analyze(
  process: string,
  profile: CpuProfile,
  skipMs = 0,
  top = 10,
): ProcessProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    elapsed += micros;
    if (elapsed < skipMs * 1000) return;
    if (!frame || frame.functionName === '(idle)') return;
    busy += micros;
    const name =
      `${frame.functionName || '(anonymous)'} ${location(frame.url, frame.lineNumber)}`.trim();
    frames.set(name, (frames.get(name) ?? 0) + micros);
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
  });
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, micros]) => ({
        frame,
        selfMs: Math.round(micros / 1000),
        selfPercent: Math.round((micros / Math.max(1, busy)) * 1000) / 10,
      }));
  return {
    process,
    busyMs: Math.round(busy / 1000),
    topFrames: rank(frames),
    topPackages: rank(packages),
  };
}

function location(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? relative(REPO_ROOT, url.slice('file://'.length)) : url;
  return `${path}:${line + 1}`;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  return url.includes('/apps/') || url.includes('/packages/') || url.includes('/prisma/')
    ? `repo: ${/\/(apps|packages|prisma)\/([^/]+)/.exec(url)?.slice(1).join('/') ?? url}`
    : url;
}
