// The floor (contender F): what any gateway must at least do for an operation. It answers
// POST /graphql with the subgraph requests of @apollo/query-planner's plan, replayed in plan
// order over keep-alive undici pools, and nothing else (no validation, limits or plugins).
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { Supergraph } from '@apollo/federation-internals';
import { serveFloor } from './floor-server';
import { executePlan, Planner, type SubgraphCall } from './query-plan';

const FORWARDED = ['authorization', 'x-api-key'] as const;

const sdl = readFileSync(process.env['SUPERGRAPH_PATH'] ?? '', 'utf8');
const planner = new Planner(sdl);
const pools = new Map<string, { pool: Pool; path: string }>();
for (const subgraph of Supergraph.build(sdl).subgraphs()) {
  const target = new URL(subgraph.url);
  pools.set(subgraph.name, {
    pool: new Pool(target.origin, { connections: 64, keepAliveTimeout: 60_000 }),
    path: target.pathname,
  });
}

serveFloor(async ({ query, variables }, requestHeaders) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of FORWARDED) {
    const value = requestHeaders[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const call: SubgraphCall = async (serviceName, body) => {
    const target = pools.get(serviceName);
    if (!target) throw new Error(`unknown subgraph ${serviceName}`);
    const answer = await target.pool.request({ path: target.path, method: 'POST', headers, body });
    return (await answer.body.json()) as Awaited<ReturnType<SubgraphCall>>;
  };
  // The request's variables go to the plan as they came (JSON values).
  const { data, errors } = await executePlan(planner.plan(query), (variables ?? {}) as Record<string, never>, call);
  return errors.length ? { errors, data } : { data };
});
