// What both floors (floor.ts for S1, rest-floor.ts for S4) serve around their work: a bare
// node:http server on PORT/HOST answering /health, and POST /graphql with the JSON `answer`
// gives for the request's body and headers (500 with the message if it throws); keep-alive
// longer than the load generator's; SIGTERM closes it.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

type Request = { query: string; variables?: Record<string, unknown> };

export function serveFloor(answer: (request: Request, headers: IncomingHttpHeaders) => Promise<unknown>): void {
  const server = createServer((request, response) => {
    if (request.url === '/health') {
      response.end('ok');
      return;
    }
    void (async () => {
      try {
        const body = JSON.parse(await readBody(request)) as Request;
        const result = await answer(body, request.headers);
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end(JSON.stringify(result));
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
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
