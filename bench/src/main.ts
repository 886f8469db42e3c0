// `npm run bench`: the side-by-side benchmarks (docs/BENCHMARKS.md). Starts its own system
// (one process per service, its own databases, Redis database, topics and ports), runs the
// scenarios, writes bench/results/<date>.json and the table in docs/BENCHMARKS.md, and stops
// every process it started, by pid.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { killAllSync } from '@commerce/testing';
import { runProfiles, type ProfileResult } from './profile';
import { writeReport } from './report';
import { runS1, seedS1, type S1Result } from './s1-federated-read';
import { registerS2Buyers, runS2, type S2Result } from './s2-ordering';
import { runS3, type S3Result } from './s3-product-reads';
import { runS4, seedS4, type S4Result } from './s4-rest-read';
import { LOG_DIR, TIMING } from './settings';
import { Databases, type Buyer } from './shop';
import {
  defineSystem,
  deleteBenchTopics,
  flushRedis,
  MANUALS_FILE,
  resetDatabases,
  startServices,
  stopServices,
  writeSupergraph,
  type System,
} from './system';

const SCENARIOS = ['s1', 's2', 's3', 's4'] as const;
type Scenario = (typeof SCENARIOS)[number];

function parseArgs(argv: string[]): { scenarios: Scenario[]; profile: boolean } {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const scenarios = (only ? only.split(',') : [...SCENARIOS]) as Scenario[];
  for (const s of scenarios)
    if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}`);
  return { scenarios, profile: argv.includes('--profile') };
}

const started = Date.now();
/** The machine is shared (other builds and tests may run): the load average goes on record. */
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loads: Record<string, string> = {};
/** What is left of the time budget; a scenario that would not fit is skipped, not cut. */
const budgetLeftMs = () => TIMING.deadlineMs - (Date.now() - started);
const skipped: string[] = [];
const fits = (name: string, needsMs: number) => {
  if (budgetLeftMs() >= needsMs) return true;
  skipped.push(name);
  log(
    `skipping ${name}: ${Math.round(budgetLeftMs() / 1000)} s left of the budget, it needs about ${needsMs / 1000} s`,
  );
  return false;
};
const log = (line: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

async function main(): Promise<number> {
  const { scenarios, profile } = parseArgs(process.argv.slice(2));
  mkdirSync(LOG_DIR, { recursive: true });
  const deadline = setTimeout(() => {
    log(`deadline of ${TIMING.deadlineMs / 60_000} min reached: stopping everything`);
    killAllSync();
    process.exit(2);
  }, TIMING.deadlineMs);
  deadline.unref();

  loads['start'] = loadAverage();
  log(
    `load average ${loads['start']} (2 cores: anything above ~1 before the start is someone else's work)`,
  );
  log('reset: bench databases, Redis database, bench topics');
  await Promise.all([resetDatabases(), flushRedis(), deleteBenchTopics()]);
  const supergraphPath = writeSupergraph();
  // The manuals service reads its table at start; S4 fills it (the service re-reads it).
  writeFileSync(MANUALS_FILE, JSON.stringify({ manuals: {} }));
  let system: System = defineSystem(supergraphPath);
  const db = new Databases();
  const results: {
    s1?: S1Result;
    s2?: S2Result;
    s3?: S3Result;
    s4?: S4Result;
    profiles?: ProfileResult;
  } = {};
  let failed = false;
  try {
    log(
      'starting users, products, orders, worker, reviews, manuals, rest-subgraph, gateway, Hive Gateway, floors',
    );
    await startServices(system);
    const needsS1Seed = scenarios.includes('s1') || profile;
    const needsBuyers = scenarios.includes('s2') || profile;
    if (needsS1Seed || needsBuyers)
      log('seeding: 16 buyers with 20 orders each (S1), 200 buyers (S2)');
    const s1Setup = needsS1Seed ? await seedS1(db) : undefined;
    const buyers: Buyer[] = needsBuyers ? await registerS2Buyers(log) : [];
    if (s1Setup && scenarios.includes('s1')) {
      log('S1 federated read');
      results.s1 = await runS1(system, s1Setup, log);
      loads['after S1'] = loadAverage();
    }
    if (scenarios.includes('s2')) {
      log('S2 ordering under contention');
      results.s2 = await runS2(db, buyers, system.worker, log);
      if (!results.s2.checks.passed) failed = true;
      loads['after S2'] = loadAverage();
    }
    if (scenarios.includes('s3') && fits('S3', 100_000)) {
      log('S3 product reads, cold and warm');
      results.s3 = await runS3(db, log);
      loads['after S3'] = loadAverage();
    }
    if (scenarios.includes('s4') && fits('S4', 90_000)) {
      log(
        'S4 REST-backed read: product, reviews, authors, manual (seeding 16 products, 3 reviews each)',
      );
      results.s4 = await runS4(system, await seedS4(), log);
      loads['after S4'] = loadAverage();
    }
    if (profile && fits('profiles', 80_000)) {
      log('profiles: services under --cpu-prof');
      ({ system, profiles: results.profiles } = await runProfiles(
        system,
        { s1Tokens: s1Setup?.tokens ?? [], buyers, db },
        log,
      ));
    }
  } catch (error) {
    failed = true;
    log(`failed: ${(error as Error).stack ?? error}`);
  } finally {
    log('stopping every process the bench started');
    await stopServices(system);
    await db.end();
    await deleteBenchTopics().catch(() => undefined);
  }
  const totalSeconds = (Date.now() - started) / 1000;
  const written = await writeReport({
    ...results,
    totalSeconds,
    failed,
    scenarios,
    skipped,
    loadAverages: loads,
  });
  log(`results: ${written.json}; table: ${written.markdown}; total ${totalSeconds.toFixed(0)} s`);
  return failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllSync();
    process.exit(130);
  });
}
process.once('exit', killAllSync);

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
    killAllSync();
    process.exit(1);
  },
);
