import {
  buildSchema,
  parse,
  type OperationDefinitionNode,
  type FragmentDefinitionNode,
} from 'graphql';
import { operationCost } from './operation-cost';

const schema = buildSchema(`
  type Query { users(first: Int): [User] user(id: ID!): User }
  type User { _id: ID! orders(first: Int): [Order] }
  type Order { _id: ID! user: User lines: [Line] }
  type Line { quantity: Int }
`);

function cost(query: string): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition',
  );
  return operationCost(schema, schema.getQueryType()!, operation.selectionSet, (name) =>
    fragments.find((f) => f.name.value === name),
  );
}

describe('operationCost', () => {
  it('counts objects, multiplying by page sizes', () => {
    expect(cost('{ user(id: "1") { _id } }')).toBe(1);
    expect(cost('{ users { _id } }')).toBe(50);
    expect(cost('{ users(first: 10) { orders(first: 2) { _id } } }')).toBe(10 * (1 + 2));
    expect(cost('{ users { orders { lines { quantity } } } }')).toBe(50 * (1 + 50 * (1 + 50)));
  });

  it('clamps literal page sizes to the maximum and assumes the maximum for variables', () => {
    expect(cost('{ users(first: 1000000000) { _id } }')).toBe(100);
    expect(cost('query ($n: Int) { users(first: $n) { _id } }')).toBe(100);
  });

  it('costs fragments as their fields, and a fragment bomb in linear time', () => {
    expect(cost('{ users { ...U } } fragment U on User { orders(first: 1) { _id } }')).toBe(50 * 2);
    const levels = Array.from(
      { length: 60 },
      (_, i) => `fragment F${i + 1} on User { a: orders(first: 2) { user { ...F${i} } } }`,
    );
    const bomb = `{ user(id: "1") { ...F60 } } fragment F0 on User { _id } ${levels.join(' ')}`;
    expect(cost(bomb)).toBeGreaterThan(1e15);
  });

  it('counts a fragment spread twice into one selection set once, as execution does', () => {
    expect(
      cost(
        '{ user(id: "1") { ...A ...A ... on User { ...A } } } fragment A on User { orders(first: 2) { _id } }',
      ),
    ).toBe(1 + 2);
  });

  it('terminates on fragment cycles (a validation error of their own)', () => {
    expect(
      cost('{ user(id: "1") { ...A } } fragment A on User { ...B } fragment B on User { ...A }'),
    ).toBe(1);
  });
});
