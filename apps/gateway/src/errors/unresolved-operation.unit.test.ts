import type { GraphQLRequestListener } from '@apollo/server';
import { buildSchema, getOperationAST, parse, validate, type GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import { knownOperationTypes, refuseUnresolvedOperation } from './unresolved-operation';

/** What the hook does with the operation Apollo resolved (as Apollo resolves it). */
async function resolve(query: string, operationName?: string): Promise<unknown> {
  const document = parse(query);
  const operation = getOperationAST(document, operationName) ?? undefined;
  const listener = (await refuseUnresolvedOperation().requestDidStart!(
    {} as never,
  )) as GraphQLRequestListener<GatewayContext>;
  try {
    await listener.didResolveOperation!({
      document,
      operation,
      request: { query, ...(operationName ? { operationName } : {}) },
    } as never);
    return 'resolved';
  } catch (error) {
    const { code, http } = (error as GraphQLError).extensions as {
      code: string;
      http: { status: number };
    };
    return { code, status: http.status, message: (error as GraphQLError).message };
  }
}

describe('refuseUnresolvedOperation', () => {
  const two = 'query A { a } query B { b }';

  it('lets a picked operation through', async () => {
    expect(await resolve('{ a }')).toBe('resolved');
    expect(await resolve(two, 'B')).toBe('resolved');
  });

  it('refuses several operations without a name, or a name the document lacks: 400', async () => {
    expect(await resolve(two)).toEqual({
      code: 'OPERATION_RESOLUTION_FAILURE',
      status: 400,
      message: 'the document holds several operations: name one in `operationName`',
    });
    expect(await resolve(two, 'C')).toMatchObject({
      code: 'OPERATION_RESOLUTION_FAILURE',
      status: 400,
    });
    expect(await resolve('{ a }', 'Named')).toMatchObject({ status: 400 });
  });
});

describe('knownOperationTypes', () => {
  const schema = buildSchema('type Query { a: String } type Mutation { b: String }');
  const errors = (query: string) =>
    validate(schema, parse(query), [knownOperationTypes]).map((error) => error.message);

  it('accepts the operation types the schema has roots for', () => {
    expect(errors('{ a } mutation M { b }')).toEqual([]);
  });

  it('refuses the others', () => {
    expect(errors('subscription { a }')).toEqual([
      'The subscription operation is not supported by the schema.',
    ]);
  });
});
