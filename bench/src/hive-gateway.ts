// Hive Gateway (contender H): the same supergraph file, one process, plain node:http. Only
// the caller's credentials travel to the subgraphs, as with this project's gateway.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { parse } from 'graphql';

const FORWARDED = ['authorization', 'x-api-key', 'idempotency-key'] as const;

const gateway = createGatewayRuntime({
  supergraph: parse(readFileSync(process.env['SUPERGRAPH_PATH'] ?? '', 'utf8')),
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  logging: 'warn',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const headers: Record<string, string> = {};
      for (const name of FORWARDED) {
        const value = request.headers.get(name);
        if (value) headers[name] = value;
      }
      return headers;
    },
  },
});

const server = createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT']), process.env['HOST'] ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
});
