// The floor (contender F): what any gateway must at least do for an operation. It answers
// POST /graphql with the subgraph requests of @apollo/query-planner's plan, replayed in plan
// order over keep-alive undici pools, and nothing else (no validation, limits or plugins).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { Pool } from 'undici';
import { Supergraph } from '@apollo/federation-internals';
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

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer((request, response) => {
  if (request.url === '/health') {
    response.end('ok');
    return;
  }
  void (async () => {
    try {
      const { query, variables } = JSON.parse(await readBody(request)) as {
        query: string;
        variables?: Record<string, never>;
      };
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of FORWARDED) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const call: SubgraphCall = async (serviceName, body) => {
        const target = pools.get(serviceName);
        if (!target) throw new Error(`unknown subgraph ${serviceName}`);
        const answer = await target.pool.request({
          path: target.path,
          method: 'POST',
          headers,
          body,
        });
        return (await answer.body.json()) as Awaited<ReturnType<SubgraphCall>>;
      };
      const { data, errors } = await executePlan(planner.plan(query), variables ?? {}, call);
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(JSON.stringify(errors.length ? { errors, data } : { data }));
    } catch (error) {
      response.statusCode = 500;
      response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  })();
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT']), process.env['HOST'] ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
