import type { ValueSource } from './plan';

/**
 * OpenAPI runtime expressions in link parameters, as the runtime will evaluate them:
 * `$response.body#/sku` and `$source#/_id` read the parent object, `$request.path.id`
 * the request that fetched it; anything not starting with `$` is a constant.
 */
export function valueOfExpression(expression: unknown): ValueSource | { unsupported: string } {
  if (typeof expression !== 'string' || !expression.startsWith('$'))
    return { from: 'constant', value: expression };
  const body = /^\$(?:response\.body|source)(?:#(\/.*)?)?$/.exec(expression);
  if (body) return { from: 'parent', pointer: body[1] ?? '' };
  const request = /^\$request\.(path|query|header)\.(.+)$/.exec(expression);
  if (request)
    return {
      from: 'parentRequest',
      in: request[1] as 'path' | 'query' | 'header',
      name: request[2] as string,
    };
  return { unsupported: expression };
}
