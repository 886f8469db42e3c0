import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { coercedVariables } from './operation-variables';

const schema = buildSchema(`
  type Query { product(id: ID!): String products(first: Int): [String] }
  type Mutation { login(input: LoginInput): String }
  input LoginInput { username: String! password: String! }
`);

const coerce = (query: string, variables?: Record<string, unknown>) => {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  return coercedVariables({
    request: { query, ...(variables ? { variables } : {}) },
    schema,
    operation,
  });
};

describe('coercedVariables', () => {
  it("fills in a declaration's default where the request sends none", () => {
    expect(
      coerce(
        'mutation ($in: LoginInput = { username: "victim", password: "x" }) { login(input: $in) }',
      ),
    ).toEqual({ ok: true, values: { in: { username: 'victim', password: 'x' } } });
  });

  it('keeps only declared variables, input fields in the order of their type', () => {
    const coerced = coerce('mutation ($in: LoginInput) { login(input: $in) }', {
      in: { password: 'x', username: 'victim' },
      undeclared: { deep: [[[1]]] },
    });
    expect(coerced).toEqual({ ok: true, values: { in: { username: 'victim', password: 'x' } } });
    expect(JSON.stringify(coerced.ok && coerced.values)).toBe(
      '{"in":{"username":"victim","password":"x"}}',
    );
  });

  it('an explicit null overrides the default', () => {
    expect(
      coerce(
        'mutation ($in: LoginInput = { username: "v", password: "x" }) { login(input: $in) }',
        {
          in: null,
        },
      ),
    ).toEqual({ ok: true, values: { in: null } });
  });

  it('reports variables that do not coerce, as execution would', () => {
    const coerced = coerce('query ($id: ID!) { product(id: $id) }', { id: { a: 1 } });
    expect(coerced.ok).toBe(false);
    expect(!coerced.ok && coerced.errors[0]?.message).toMatch(/^Variable "\$id" got invalid value/);
    expect(coerce('query ($id: ID!) { product(id: $id) }').ok).toBe(false);
  });

  it('coerces once per request', () => {
    const query = 'query ($n: Int) { products(first: $n) }';
    const operation = parse(query).definitions[0] as OperationDefinitionNode;
    const request = { query, variables: { n: 3 } };
    const first = coercedVariables({ request, schema, operation });
    expect(coercedVariables({ request, schema, operation })).toBe(first);
  });
});
