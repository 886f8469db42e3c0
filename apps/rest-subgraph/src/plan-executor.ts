import { parseType, type TypeNode } from 'graphql';
import type {
  FieldPlan,
  OperationPlan,
  SubgraphPlan,
  ValueSource,
} from '@commerce/openapi-subgraph';
import type { Logger } from '@commerce/service';
import type { Context, RequestParameters } from './context';
import type { RestAnswer, RestClient } from './rest-client';
import { unavailable } from './upstream-errors';

type Parameters = FieldPlan['parameters'];
export type Arguments = Record<string, unknown>;

/** Runs the plan's operations: parameters filled from their sources, REST calls, answers as values. */
export class PlanExecutor {
  constructor(
    private readonly plan: SubgraphPlan,
    private readonly client: RestClient,
    private readonly linkConcurrency: number,
    private readonly logger: Logger,
  ) {}

  /** A field's value: its operation called with the field's parameters (and body). */
  async field(field: FieldPlan, parent: unknown, args: Arguments, ctx: Context): Promise<unknown> {
    const operation = this.operation(field.operation);
    const parameters = this.fill(field.parameters, parent, args, ctx);
    if (!parameters) return null;
    const body = field.body ? this.value(field.body, parent, args, ctx) : undefined;
    const answer = await this.call(operation, parameters, body, ctx);
    return this.result(operation, answer, parameters, field.linkListShape, ctx);
  }

  /** `__resolveReference` of an entity this subgraph defines: its GET by key. */
  async entity(
    operationKey: string,
    parameters: Parameters,
    representation: unknown,
    ctx: Context,
  ): Promise<unknown> {
    const operation = this.operation(operationKey);
    const filled = this.fill(parameters, representation, {}, ctx);
    if (!filled) return null;
    return this.result(
      operation,
      await this.call(operation, filled, undefined, ctx),
      filled,
      undefined,
      ctx,
    );
  }

  /** The value of one parameter or the body, from where the plan says it comes. */
  value(source: ValueSource, parent: unknown, args: Arguments, ctx: Context): unknown {
    switch (source.from) {
      case 'argument':
        return this.restValue(args[source.argument], parseType(source.type));
      case 'parent':
        return pointerValue(parent, source.pointer);
      case 'parentRequest':
        return typeof parent === 'object' && parent !== null
          ? ctx.requests.get(parent)?.[source.in][source.name]
          : undefined;
      case 'constant':
        return source.value;
    }
  }

  private operation(key: string): OperationPlan {
    const operation = this.plan.operations[key];
    if (!operation) throw new Error(`the plan has no operation ${key}`);
    return operation;
  }

  /** Every parameter's value; undefined when a required one has none (the field is null). */
  private fill(
    parameters: Parameters,
    parent: unknown,
    args: Arguments,
    ctx: Context,
  ): RequestParameters | undefined {
    const filled: RequestParameters = { path: {}, query: {}, header: {} };
    for (const parameter of parameters) {
      const value = this.value(parameter.value, parent, args, ctx);
      if (value === undefined || value === null) {
        if (parameter.in === 'path') return undefined;
        continue;
      }
      filled[parameter.in][parameter.name] = value;
    }
    return filled;
  }

  /** A GraphQL argument as the REST API spells it: input fields renamed, recursively. */
  private restValue(value: unknown, type: TypeNode): unknown {
    if (value === null || value === undefined) return value;
    if (type.kind === 'NonNullType') return this.restValue(value, type.type);
    if (type.kind === 'ListType') {
      return Array.isArray(value) ? value.map((item) => this.restValue(item, type.type)) : value;
    }
    const input = this.plan.inputs[type.name.value];
    if (!input || typeof value !== 'object') return value;
    const rest: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
      const spec = input.fields[name];
      if (spec) rest[spec.property] = this.restValue(field, parseType(spec.type));
    }
    return rest;
  }

  private async call(
    operation: OperationPlan,
    parameters: RequestParameters,
    body: unknown,
    ctx: Context,
  ): Promise<RestAnswer> {
    const headers: Record<string, string> = {
      ...(ctx.forwarded.get(operation.source) ?? {}),
      accept: 'application/json',
    };
    for (const [name, value] of Object.entries(parameters.header))
      headers[name.toLowerCase()] = String(value);
    let payload: string | undefined;
    if (body !== undefined && body !== null && operation.requestBody) {
      const form = operation.requestBody.contentType === 'application/x-www-form-urlencoded';
      headers['content-type'] = operation.requestBody.contentType;
      payload = form
        ? new URLSearchParams(
            Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [
              k,
              String(v),
            ]),
          ).toString()
        : JSON.stringify(body);
    }
    const path = pathOf(operation, parameters);
    if (operation.method !== 'GET') {
      // A write may change what this request's earlier GETs answered.
      ctx.gets.clear();
      return this.client.send(operation.source, {
        method: operation.method,
        path,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
    }
    return this.get(operation.source, path, headers, ctx);
  }

  /** A GET, made once per request for the same source and path. */
  private get(
    source: string,
    path: string,
    headers: Record<string, string>,
    ctx: Context,
  ): Promise<RestAnswer> {
    const key = `${source} GET ${path}`;
    let answer = ctx.gets.get(key);
    if (!answer) {
      answer = this.client.send(source, { method: 'GET', path, headers });
      ctx.gets.set(key, answer);
    }
    return answer;
  }

  private result(
    operation: OperationPlan,
    answer: RestAnswer,
    parameters: RequestParameters,
    shape: FieldPlan['linkListShape'],
    ctx: Context,
  ): unknown {
    const { response } = operation;
    if (response.kind === 'empty' || answer.status === 204 || answer.body === '') return null;
    if (response.emptyStatuses.includes(String(answer.status))) return null;
    if (response.kind === 'text') return answer.body;
    const value = parseJson(answer.body, operation.source, this.logger);
    remember(value, parameters, ctx);
    if (response.kind === 'json') return value;
    const list = (value ?? {}) as Record<string, unknown>;
    const elements = list[response.elementsProperty];
    const urls = (Array.isArray(elements) ? elements : []).map((element) =>
      typeof element === 'object' && element !== null
        ? (element as Record<string, unknown>)[response.urlProperty]
        : undefined,
    );
    const items = this.follow(operation, urls, ctx);
    if (shape !== 'page') return items;
    const counter = (property: string | undefined) => (property ? (list[property] ?? null) : null);
    return {
      items,
      total: counter(response.totalProperty),
      offset: counter(response.offsetProperty),
      amount: counter(response.amountProperty),
    };
  }

  /**
   * A link list's items: each link's GET, at most `linkConcurrency` at once. Each item is a
   * promise of its own, so one failed link is one null item with its error, not a failed list.
   */
  private follow(operation: OperationPlan, urls: unknown[], ctx: Context): Array<Promise<unknown>> {
    const headers = { ...(ctx.forwarded.get(operation.source) ?? {}), accept: 'application/json' };
    const limit = limiter(this.linkConcurrency);
    return urls.map((url) =>
      limit(async () => {
        const path =
          typeof url === 'string' ? this.client.pathOf(operation.source, url) : undefined;
        if (path === undefined) {
          this.logger.warn({ source: operation.source, url }, 'link list element not followed');
          throw unavailable();
        }
        const answer = await this.get(operation.source, path, headers, ctx);
        return answer.status === 204 || answer.body === ''
          ? null
          : parseJson(answer.body, operation.source, this.logger);
      }),
    );
  }
}

function remember(value: unknown, parameters: RequestParameters, ctx: Context): void {
  const objects = Array.isArray(value) ? value : [value];
  for (const object of objects) {
    if (typeof object === 'object' && object !== null) ctx.requests.set(object, parameters);
  }
}

function parseJson(body: string, source: string, logger: Logger): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    logger.warn({ source, err: error, body: body.slice(0, 200) }, 'REST answer is not JSON');
    throw unavailable();
  }
}

/** The operation's path with its path parameters and query string (OpenAPI's default styles). */
export function pathOf(operation: OperationPlan, parameters: RequestParameters): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = parameters.path[name];
    return encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value));
  });
  const query = new URLSearchParams();
  for (const spec of operation.parameters) {
    if (spec.in !== 'query' || !(spec.name in parameters.query)) continue;
    const value = parameters.query[spec.name];
    if (Array.isArray(value)) {
      if (spec.explode) value.forEach((item) => query.append(spec.name, String(item)));
      else query.append(spec.name, value.join(','));
    } else if (typeof value === 'object' && value !== null) {
      query.append(spec.name, JSON.stringify(value));
    } else {
      query.append(spec.name, String(value));
    }
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** RFC 6901: `/a/b~1c` reads `value.a['b/c']`. */
export function pointerValue(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current = value;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** At most `concurrency` of the tasks run at once; each task keeps its own promise. */
function limiter(concurrency: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            waiting.shift()?.();
          });
      };
      if (running < concurrency) start();
      else waiting.push(start);
    });
}
