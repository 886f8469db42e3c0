import { buildSchema, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { coercedVariables } from './operation-variables';
import { usernameOf } from './rate-limit-plugin';

const schema = buildSchema(`
  type Query { _: String }
  type Mutation { login(input: LoginInput): String }
  input LoginInput { username: String! password: String! }
`);

/** The username of each root field, read as the plugin reads it (or the refusal's code). */
function usernames(query: string, variables?: Record<string, unknown>): unknown[] {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  const coerced = coercedVariables({
    request: { query, ...(variables ? { variables } : {}) },
    schema,
    operation,
  });
  if (!coerced.ok) throw new Error('variables do not coerce');
  return operation.selectionSet.selections.map((field) => {
    try {
      return usernameOf(schema, field as FieldNode, coerced.values);
    } catch (error) {
      const { code, http } = (error as { extensions: Record<string, unknown> }).extensions;
      return { code, status: (http as { status: number }).status };
    }
  });
}

describe('usernameOf', () => {
  it('reads literals, variables and variable defaults alike, NFC-normalised', () => {
    expect(
      usernames(
        `mutation ($in: LoginInput = { username: "Jose\u0301", password: "x" }, $other: LoginInput) {
          a: login(input: $in)
          b: login(input: { username: "literal", password: "x" })
          c: login(input: $other)
        }`,
        { other: { username: 'sent', password: 'x' } },
      ),
    ).toEqual(['Jos\u00e9', 'literal', 'sent']);
  });

  it('refuses what has no username to count: 400 BAD_USER_INPUT', () => {
    const refused = { code: 'BAD_USER_INPUT', status: 400 };
    expect(usernames('mutation ($in: LoginInput) { login(input: $in) }')).toEqual([refused]);
    expect(usernames('mutation { login }')).toEqual([refused]);
    expect(usernames('mutation { login(input: null) }')).toEqual([refused]);
  });
});
