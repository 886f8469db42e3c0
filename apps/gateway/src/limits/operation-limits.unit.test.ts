import { buildSchema, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { operationLimits, type OperationLimits } from './operation-limits';

const schema = buildSchema(`
  type Query { users(first: Int): [User] user(id: ID!): User products(first: Int): [Product] }
  type Mutation { login(input: LoginInput): Session }
  input LoginInput { username: String! password: String! }
  type Session { access_token: String! }
  type User { _id: ID! name: String orders(first: Int): [Order] }
  type Order { _id: ID! user: User lines: [Line] }
  type Line { quantity: Int product: Product }
  type Product { _id: ID! name: String }
`);

const limits: OperationLimits = {
  MAX_TOKENS: 1_000,
  MAX_DEPTH: 10,
  MAX_ALIASES: 15,
  MAX_DIRECTIVES: 20,
  MAX_ROOT_FIELDS: 10,
  MAX_COST: 20_000,
};

function codes(query: string): unknown[] {
  const { validationRules } = operationLimits(limits);
  return validate(schema, parse(query), [...specifiedRules, ...validationRules]).map(
    (error: GraphQLError) => error.extensions['code'] ?? error.message,
  );
}

describe('operation limits', () => {
  it('accepts the shop operations', () => {
    expect(codes('{ users { _id orders(first: 5) { _id lines { quantity } } } }')).toEqual([]);
    expect(
      codes('query { user(id: "1") { orders(first: 100) { lines { product { name } } } } }'),
    ).toEqual([]);
  });

  it('refuses depth', () => {
    const deep = `{ user(id: "1") { ${'orders { user { '.repeat(6)}_id${' } }'.repeat(6)} } }`;
    expect(codes(deep)).toContain('OPERATION_TOO_DEEP');
  });

  it('measures depth in fields, through fragments', () => {
    const chain = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Product { ...F${i + 1} }`,
    );
    expect(
      codes(`{ products { ...F0 } } ${chain.join(' ')} fragment F20 on Product { name }`),
    ).toEqual([]);
    const deep = Array.from(
      { length: 6 },
      (_, i) => `fragment D${i} on User { orders { user { ...D${i + 1} } } }`,
    );
    expect(
      codes(`{ users(first: 1) { ...D0 } } ${deep.join(' ')} fragment D6 on User { _id }`),
    ).toContain('OPERATION_TOO_DEEP');
  });

  it('refuses aliases, root fields and directives, counting through fragments', () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: _id`).join(' ');
    expect(codes(`{ products { ${aliases} } }`)).toEqual(['TOO_MANY_ALIASES']);
    const roots = Array.from({ length: 11 }, (_, i) => `l${i}: login(input: $i) { access_token }`);
    expect(
      codes(
        `mutation ($i: LoginInput) { ...A ...B } fragment A on Mutation { ${roots.slice(0, 6).join(' ')} } fragment B on Mutation { ${roots.slice(6).join(' ')} }`,
      ),
    ).toEqual(['TOO_MANY_ROOT_FIELDS']);
    // One response key executes once: repeating a field is not more root fields.
    expect(codes(`{ ${'products { _id } '.repeat(11)} }`)).toEqual([]);
    expect(codes(`{ products { ${'_id @include(if: true) '.repeat(21)} } }`)).toEqual([
      'TOO_MANY_DIRECTIVES',
    ]);
  });

  it('refuses fan-out by list sizes, not by depth', () => {
    expect(codes('{ users { orders { lines { product { name } } } } }')).toEqual([
      'OPERATION_TOO_COSTLY',
    ]);
  });
});
