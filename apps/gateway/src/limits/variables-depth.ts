import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS } from '@commerce/service';
import { graphqlGetParameters } from './get-parameters';

/**
 * How deeply JSON nests: a scalar is 0, an object or array one more than its deepest
 * member. Iterative, so a 5,000-level document costs a loop, not the stack; it stops as
 * soon as `max` is passed.
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > max) return true;
    for (const member of Object.values(current)) pending.push([member, depth + 1]);
  }
  return false;
}

/**
 * `variables` and `extensions` nested deeper than `max` (objects and arrays, the outer
 * object included) are refused with VARIABLES_TOO_DEEP before Apollo reads them. Every
 * recursive walk over a request's JSON (a cache key's serialisation, coercion, logging)
 * would otherwise be the attacker's to overflow; the shop's deepest input, an order's
 * lines, nests 3. A hook on the HTTP route, like the safelist: Apollo masks errors thrown
 * by plugins before the operation is resolved. GET parameters are read as Apollo reads them.
 */
export function variablesDepthLimit(max: number, route = '/graphql') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== route) return;
    let members: unknown[];
    if (request.method === 'GET') {
      const { variables, extensions } = graphqlGetParameters(request.url);
      members = [variables, extensions];
    } else if (request.method === 'POST') {
      if (typeof request.body !== 'object' || request.body === null) return;
      // An array batch is Apollo's to refuse; its members are measured all the same.
      const bodies: unknown[] = Array.isArray(request.body) ? request.body : [request.body];
      members = bodies.flatMap((body) => {
        const { variables, extensions } = (body ?? {}) as {
          variables?: unknown;
          extensions?: unknown;
        };
        return [variables, extensions];
      });
    } else {
      return;
    }
    if (!members.some((member) => exceedsDepth(member, max))) return;
    const refusal = ERRORS.VARIABLES_TOO_DEEP;
    return reply
      .code(refusal.status)
      .send(
        refusal.responseBody(
          `variables and extensions may nest objects and arrays at most ${max} deep`,
        ),
      );
  };
}
