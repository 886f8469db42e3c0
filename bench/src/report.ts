import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import type { ProfileResult } from './profile';
import type { S1Result } from './s1-federated-read';
import type { S2Result } from './s2-ordering';
import type { S3Result } from './s3-product-reads';
import type { S4Result } from './s4-rest-read';
import { DATABASES, REDIS_URL, REPO_ROOT, RESULTS_DIR, TIMING } from './settings';
import type { Summary } from './stats';

export type Report = {
  s1?: S1Result;
  s2?: S2Result;
  s3?: S3Result;
  s4?: S4Result;
  profiles?: ProfileResult;
  totalSeconds: number;
  failed: boolean;
  scenarios: string[];
  /** Scenarios left out because the time budget would not hold them. */
  skipped: string[];
  /** /proc/loadavg (1, 5, 15 min) at the start and after each scenario. */
  loadAverages: Record<string, string>;
};

const DOC = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
/** S1-S3 and the profiles: one block, rewritten by a run that had any of them. */
const MAIN_BLOCK = ['<!-- bench:results:start -->', '<!-- bench:results:end -->'] as const;
/** S4 has a block of its own, so `--only=s4` leaves the recorded S1-S3 run in place. */
const S4_BLOCK = ['<!-- bench:s4:start -->', '<!-- bench:s4:end -->'] as const;

/** The doc with the text between the block's markers replaced (markers appended if absent). */
function replaceBlock(doc: string, [start, end]: readonly [string, string], text: string) {
  const [before, rest] = doc.includes(start) ? doc.split(start) : [`${doc}\n`, `\n${end}\n`];
  const after = (rest ?? '').split(end)[1] ?? '';
  return `${before}${start}\n${text}\n${end}${after}`;
}

export async function writeReport(report: Report): Promise<{ json: string; markdown: string }> {
  const environment = await describeEnvironment();
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = join(RESULTS_DIR, `${date}.json`);
  const options = [
    ...(report.scenarios.length < 4 ? [`--only=${report.scenarios.join(',')}`] : []),
    ...(report.profiles ? ['--profile'] : []),
  ];
  const command = `npm run bench${options.length ? ` -- ${options.join(' ')}` : ''}`;
  writeFileSync(
    json,
    `${JSON.stringify({ date, command, environment, timing: TIMING, ...report }, null, 2)}\n`,
  );
  const head = header(report, environment, date, command, relative(REPO_ROOT, json));
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  if (report.s1 || report.s2 || report.s3 || report.profiles)
    doc = replaceBlock(doc, MAIN_BLOCK, [...head, ...markdown(report)].join('\n'));
  if (report.s4) doc = replaceBlock(doc, S4_BLOCK, [...head, ...s4Markdown(report.s4)].join('\n'));
  mkdirSync(dirname(DOC), { recursive: true });
  writeFileSync(DOC, doc);
  return { json: relative(REPO_ROOT, json), markdown: relative(REPO_ROOT, DOC) };
}

type Environment = Record<string, string>;

async function describeEnvironment(): Promise<Environment> {
  // The installed copy (hoisted to the root node_modules); some packages export no package.json.
  const version = (pkg: string) => {
    try {
      const file = join(REPO_ROOT, 'node_modules', pkg, 'package.json');
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const postgres = await (async () => {
    const client = new Client({ connectionString: DATABASES.orders });
    try {
      await client.connect();
      return (
        (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]
          ?.server_version ?? '?'
      );
    } catch {
      return 'unknown';
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  const redis = await (async () => {
    const r = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      await r.connect();
      return /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? '?';
    } catch {
      return 'unknown';
    } finally {
      r.disconnect();
    }
  })();
  const kafkaJar = (() => {
    try {
      return (
        readdirSync(join(REPO_ROOT, '.cache', 'kafka', 'libs')).find((f) =>
          /^kafka_2\.13-/.test(f),
        ) ?? ''
      );
    } catch {
      return '';
    }
  })();
  const git = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT })
        .toString()
        .trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: `Linux ${release()}`,
    node: process.version,
    postgres,
    redis,
    kafka: kafkaJar.replace(/^kafka_2\.13-/, '').replace(/\.jar$/, '') || 'unknown',
    commit: git,
    '@apollo/gateway': version('@apollo/gateway'),
    '@apollo/server': version('@apollo/server'),
    fastify: version('fastify'),
    '@graphql-hive/gateway': version('@graphql-hive/gateway'),
    '@omnigraph/openapi': version('@omnigraph/openapi'),
    '@graphql-mesh/fusion-composition': version('@graphql-mesh/fusion-composition'),
    '@apollo/query-planner': version('@apollo/query-planner'),
    undici: version('undici'),
    autocannon: version('autocannon'),
  };
}

const n = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : '–';
const fmt = (s: Summary | undefined, digits = 0) =>
  s
    ? `${n(s.median, digits)} (${n(s.min, digits)}–${n(s.max, digits)})${s.inconclusive ? ' *inconclusive*' : ''}`
    : '–';
const pct = (s: Summary) =>
  `${n(s.median * 100, 1)}% (${n(s.min * 100, 1)}–${n(s.max * 100, 1)})${s.inconclusive ? ' *inconclusive*' : ''}`;
const yes = (ok: boolean) => (ok ? '**met**' : '**not met**');

/** The run, the machine, the load and the versions: the first lines of every block. */
function header(
  report: Report,
  env: Environment,
  date: string,
  command: string,
  json: string,
): string[] {
  const lines: string[] = [];
  lines.push(
    `Run of ${date} (\`${command}\`, ${n(report.totalSeconds)} s in all${report.failed ? ', **FAILED**: see the log' : ''}); raw figures: [\`${json}\`](../${json}).`,
  );
  lines.push('');
  lines.push(
    `Machine: ${env['cpu']}, ${env['memory']}, ${env['kernel']}. Node ${env['node']}, PostgreSQL ${env['postgres']}, Redis ${env['redis']}, Kafka ${env['kafka']}; commit ${env['commit']}.`,
  );
  lines.push(
    `Load average (1/5/15 min): ${Object.entries(report.loadAverages)
      .map(([when, l]) => `${when} ${l}`)
      .join('; ')}.`,
  );
  lines.push(
    `Versions: ${['@apollo/gateway', '@apollo/server', 'fastify', '@graphql-hive/gateway', ...(report.s4 ? ['@omnigraph/openapi', '@graphql-mesh/fusion-composition'] : []), '@apollo/query-planner', 'undici', 'autocannon'].map((p) => `${p} ${env[p]}`).join(', ')}.`,
  );
  lines.push('');
  lines.push(
    `Every figure is the median of ${TIMING.rounds} rounds with the min–max range; *inconclusive* marks rounds more than ${TIMING.spreadLimit * 100}% apart.`,
  );
  return lines;
}

function markdown(report: Report): string[] {
  const lines: string[] = [];
  const { s1, s2, s3, profiles } = report;
  const targets: [string, string, string][] = [];

  if (s1) {
    lines.push(
      '',
      `### S1 federated read (${s1.orders} orders × user × product names and prices, for ${s1.buyers} buyers in turn; ${s1.connections} connections, ${s1.roundSeconds} s rounds)`,
      '',
    );
    lines.push(
      '| contender | requests/s | p50 ms | p99 ms | gateway CPU ms/request | subgraphs CPU ms/request | peak RSS MiB |',
    );
    lines.push('|---|---|---|---|---|---|---|');
    for (const key of ['F', 'G', 'H'] as const) {
      const c = s1.contenders[key];
      lines.push(
        `| ${key}: ${c.name} | ${fmt(c.requestsPerSecond)} | ${fmt(c.p50Ms, 1)} | ${fmt(c.p99Ms, 1)} | ${fmt(c.cpuMsPerRequest, 2)} | ${fmt(c.subgraphsCpuMsPerRequest, 2)} | ${c.peakRssMiB !== undefined ? n(c.peakRssMiB) : '–'} |`,
      );
    }
    lines.push(
      '',
      `Bodies identical across F, G and H before timing: ${s1.bodiesIdentical ? 'yes' : 'NO'}. G/H requests/s ${n(s1.ratios.gOverHRequests, 3)}, G/F ${n(s1.ratios.gOverFRequests, 3)}, G p99 / H p99 ${n(s1.ratios.gP99OverHP99, 3)}.`,
    );
    targets.push([
      'S1 G/H ≥ 1.0 on requests/s',
      n(s1.ratios.gOverHRequests, 3),
      yes(s1.targets.gOverH),
    ]);
    targets.push([
      'S1 G p99 no worse than H',
      `${n(s1.contenders.G.p99Ms.median, 1)} vs ${n(s1.contenders.H.p99Ms.median, 1)} ms`,
      yes(s1.targets.gP99NotWorseThanH),
    ]);
    targets.push(['S1 G/F ≥ 0.5', n(s1.ratios.gOverFRequests, 3), yes(s1.targets.gOverF)]);
  }
  if (s2) {
    lines.push(
      '',
      `### S2 ordering under contention (${s2.buyers} buyers, ${n(s2.attempts)} placeOrder attempts per round, hot stock ${n(s2.hotStock)})`,
      '',
    );
    lines.push(`Order mix: ${s2.orderMix}.`, '');
    lines.push('| measure | value |', '|---|---|');
    lines.push(`| accepted placeOrder/s (gateway) | ${fmt(s2.saga.acceptedPlaceOrderPerSecond)} |`);
    lines.push(
      `| confirmed orders/s (first placed → last confirmed) | ${fmt(s2.saga.confirmedOrdersPerSecond)} |`,
    );
    lines.push(
      `| decided orders/s (confirmed + rejected) | ${fmt(s2.saga.decidedOrdersPerSecond)} |`,
    );
    lines.push(
      `| placeOrder HTTP p50 / p99 ms | ${fmt(s2.saga.placeOrderHttpP50Ms, 1)} / ${fmt(s2.saga.placeOrderHttpP99Ms, 1)} |`,
    );
    lines.push(
      `| placeOrder → final status p50 / p99 ms (at full load) | ${fmt(s2.saga.finalStatusP50Ms)} / ${fmt(s2.saga.finalStatusP99Ms)} |`,
    );
    lines.push(
      `| confirmed / rejected per round | ${s2.saga.confirmed.join(', ')} / ${s2.saga.rejected.join(', ')} |`,
    );
    lines.push(
      `| backlog drain: confirmed orders/s (worker's first reservation → last confirmed) | ${fmt(s2.drain.confirmedOrdersPerSecond)} |`,
    );
    lines.push(
      `| backlog drain: decided orders/s (→ last confirmed or rejected) | ${fmt(s2.drain.decidedOrdersPerSecond)} |`,
    );
    lines.push(
      `| backlog drain: seconds for the whole backlog | ${fmt(s2.drain.drainSeconds, 2)} |`,
    );
    lines.push(
      `| backlog drain: confirmed / rejected per round | ${s2.drain.confirmed.join(', ')} / ${s2.drain.rejected.join(', ')} |`,
    );
    lines.push(
      `| naive hot-row ceiling, UPDATEs/s at the best concurrency (${s2.naive.bestConcurrency.join(', ')}) | ${fmt(s2.naive.ceilingPerSecond)} |`,
    );
    for (const [c, s] of Object.entries(s2.naive.byConcurrency))
      lines.push(`| naive, concurrency ${c} | ${fmt(s)} |`);
    lines.push(
      `| half rate: ${n(s2.halfRate.ratePerSecond)} placeOrder/s offered, ${n(s2.halfRate.ordersPerRound)} per round | accepted ${fmt(s2.halfRate.acceptedPlaceOrderPerSecond)}/s |`,
    );
    lines.push(
      `| half rate: placeOrder → final status p50 / p99 ms | ${fmt(s2.halfRate.finalStatusP50Ms)} / ${fmt(s2.halfRate.finalStatusP99Ms)} |`,
    );
    lines.push(
      `| half rate: placeOrder HTTP p99 ms | ${fmt(s2.halfRate.placeOrderHttpP99Ms, 1)} |`,
    );
    lines.push('', `Correctness (${s2.checks.passed ? 'all green' : '**FAILED**'}):`, '');
    for (const c of s2.checks.items)
      lines.push(`- ${c.passed ? 'ok' : '**FAIL**'} ${c.name}: ${c.detail}`);
    targets.push([
      'S2 confirmed orders/s ≥ 1.0× naive hot-row ceiling: through the gateway, at full load',
      `${n(s2.ratios.confirmedOverNaive, 2)}×`,
      yes(s2.targets.confirmedAtLeastNaive),
    ]);
    targets.push([
      'S2 confirmed orders/s ≥ 1.0× naive hot-row ceiling: the saga draining a backlog',
      `${n(s2.ratios.drainConfirmedOverNaive, 2)}× (decided orders/s ${n(s2.drain.decidedOrdersPerSecond.median / s2.naive.ceilingPerSecond.median, 2)}×)`,
      yes(s2.targets.drainConfirmedAtLeastNaive),
    ]);
    targets.push([
      'S2 p99 placeOrder → final status < 500 ms at half the maximum',
      `${n(s2.halfRate.finalStatusP99Ms.median)} ms`,
      yes(s2.targets.halfRateP99Under500Ms),
    ]);
    targets.push([
      'S2 correctness checks green',
      s2.checks.passed ? 'all green' : 'failures',
      yes(s2.targets.checksGreen),
    ]);
  }
  if (s3) {
    lines.push(
      '',
      `### S3 product reads through the gateway (${n(s3.products)} products, ${s3.connections} connections)`,
      '',
    );
    lines.push(`Cold: ${s3.coldMeaning}`, '');
    lines.push(
      '| read | cold (miss) p50 ms | warm (hit) p50 ms | warm/cold | cold p99 | warm p99 | cold req/s | warm req/s | warm hit ratio |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const [name, r] of Object.entries(s3.reads)) {
      lines.push(
        `| ${name} | ${fmt(r.coldP50Ms, 1)} | ${fmt(r.warmP50Ms, 1)} | ${n(r.warmOverCold, 2)} | ${fmt(r.coldP99Ms, 1)} | ${fmt(r.warmP99Ms, 1)} | ${fmt(r.coldRequestsPerSecond)} | ${fmt(r.warmRequestsPerSecond)} | ${pct(r.warmHitRatio)} |`,
      );
      targets.push([
        `S3 ${name}: warm p50 ≤ 0.3× cold p50`,
        `${n(r.warmOverCold, 2)}×`,
        yes(r.targets.warmP50AtMost03Cold),
      ]);
      targets.push([
        `S3 ${name}: hit ratio ≥ 99% warm`,
        pct(r.warmHitRatio),
        yes(r.targets.hitRatioAtLeast99),
      ]);
    }
    lines.push(
      '',
      `Errors over S3: ${s3.errors.non2xx} non-2xx, ${s3.errors.failures} failed, ${s3.errors.graphqlErrors} GraphQL errors.`,
    );
  }
  if (targets.length) {
    lines.push('', '### Targets', '', '| target | measured | |', '|---|---|---|');
    for (const [t, m, ok] of targets) lines.push(`| ${t} | ${m} | ${ok} |`);
  }
  if (profiles) {
    lines.push('', `### Profiles (\`${profiles.command}\`; self time, idle excluded)`);
    for (const [scenario, list] of [
      ['S1', profiles.s1],
      ['S2', profiles.s2],
    ] as const) {
      for (const p of list) {
        lines.push(
          '',
          `${scenario}, ${p.process} (${n(p.busyMs)} ms on CPU): ${p.topPackages
            .slice(0, 6)
            .map((f) => `${f.frame} ${f.selfPercent}%`)
            .join(', ')}`,
          '',
        );
        lines.push('| self % | frame |', '|---|---|');
        for (const f of p.topFrames) lines.push(`| ${f.selfPercent} | \`${f.frame}\` |`);
      }
    }
  }
  return lines;
}

function s4Markdown(s4: S4Result): string[] {
  const lines = [
    '',
    `### S4 REST-backed read (product × 2 of its ${s4.reviewsPerProduct} reviews × their authors × its manual, for ${s4.products} products in turn; ${s4.connections} connections, ${s4.roundSeconds} s rounds)`,
    '',
    '| contender | requests/s | p50 ms | p99 ms | gateway CPU ms/request | backends CPU ms/request | peak RSS MiB |',
    '|---|---|---|---|---|---|---|',
  ];
  const present = (['F', 'G', 'H'] as const).filter((key) => s4.contenders[key]);
  for (const key of present) {
    const c = s4.contenders[key]!;
    lines.push(
      `| ${key}: ${c.name} | ${fmt(c.requestsPerSecond)} | ${fmt(c.p50Ms, 1)} | ${fmt(c.p99Ms, 1)} | ${fmt(c.cpuMsPerRequest, 2)} | ${fmt(c.backendsCpuMsPerRequest, 2)} | ${c.peakRssMiB !== undefined ? n(c.peakRssMiB) : '–'} |`,
    );
  }
  const errors = present.map((key) => {
    const e = s4.contenders[key]!.errors;
    return `${key} ${e.non2xx} non-2xx, ${e.failures} failed, ${e.graphqlErrors} with GraphQL errors`;
  });
  lines.push(
    '',
    `Bodies identical across ${present.join(', ')} before timing: ${s4.bodiesIdentical ? 'yes' : 'NO'}. Errors while timed: ${errors.join('; ')}.`,
    '',
    '| target | measured | |',
    '|---|---|---|',
    `| S4 G/F ≥ 0.5 on requests/s | ${n(s4.ratios.gOverFRequests, 3)} | ${yes(s4.targets.gOverF)} |`,
  );
  if (s4.ratios.gOverHRequests !== undefined && s4.targets.gOverH !== undefined)
    lines.push(
      `| S4 G/H ≥ 1.0 on requests/s | ${n(s4.ratios.gOverHRequests, 3)} | ${yes(s4.targets.gOverH)} |`,
    );
  return lines;
}
