import { composeServices } from '@apollo/composition';
import {
  buildSchema,
  parse,
  type OperationDefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { listSizesOf, type ListSizes } from './list-sizes';
import { operationCost } from './operation-cost';

/** The shop's federated API schema, in the shapes the subgraphs give it. */
const shop = buildSchema(`
  type Query { users(first: Int, after: ID): [User] user(id: ID!): User orders(first: Int): [Order] products(first: Int): [Product] }
  type User { _id: ID! orders(first: Int, after: ID): [Order] }
  type Order { _id: ID! user: User products: [OrderProduct] }
  type OrderProduct { _id: ID! quantity: Int product: Product }
  type Product { _id: ID! name: String }
`);

/** Abstract types as federated catalogues have them (supergraph-demo's shapes). */
const catalogue = buildSchema(`
  type Query { search(text: String!, first: Int): [SearchResult] node(id: ID!): Node items: [Item] }
  interface Node { id: ID! }
  interface Item { id: ID! variants: [Variant] }
  union SearchResult = Book | Film | Author
  type Book implements Node & Item { id: ID! variants: [Variant] authors: [Author] reviews(first: Int): [Review] }
  type Film implements Node & Item { id: ID! variants: [Variant] cast(first: Int): [Author] }
  type Author implements Node { id: ID! books(first: Int): [Book] }
  type Variant { sku: ID! stock: Stock }
  type Stock { quantity: Int }
  type Review { body: String author: Author }
`);

function cost(query: string, schema: GraphQLSchema = shop, listSizes?: ListSizes): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  const fragments = document.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition',
  );
  return operationCost(
    schema,
    schema.getQueryType()!,
    operation.selectionSet,
    (name) => fragments.find((f) => f.name.value === name),
    listSizes,
  );
}

describe('operationCost', () => {
  it('counts objects, multiplying by list sizes', () => {
    expect(cost('{ user(id: "1") { _id } }')).toBe(1);
    expect(cost('{ users { _id } }')).toBe(50);
    expect(cost('{ users(first: 10) { orders(first: 2) { _id } } }')).toBe(10 * (1 + 2));
  });

  it('sizes an unpaged list small, and a paged one by its page', () => {
    // An order's lines have no paging argument: UNPAGED_LIST_SIZE (10), not a page of 50.
    expect(cost('{ orders { products { product { name } } } }')).toBe(50 * (1 + 10 * (1 + 1)));
    // Three nested lists of an ordinary listing: well under 20,000 (it was 20,220).
    expect(
      cost('{ users(first: 20) { orders(first: 10) { products { product { name } } } } }'),
    ).toBe(20 * (1 + 10 * (1 + 10 * 2)));
  });

  it('still prices the cross-subgraph fan-out the attack suite sends over 20,000', () => {
    expect(
      cost('{ users(first: 100) { orders(first: 100) { products { product { name } } } } }'),
    ).toBe(100 * (1 + 100 * (1 + 10 * 2)));
    expect(cost('{ users { orders { products { product { name } } } } }')).toBeGreaterThan(20_000);
  });

  it('clamps literal page sizes to the maximum and assumes the maximum for variables', () => {
    expect(cost('{ users(first: 1000000000) { _id } }')).toBe(100);
    expect(cost('query ($n: Int) { users(first: $n) { _id } }')).toBe(100);
    expect(cost('{ users(first: null) { _id } }')).toBe(50);
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

describe('operationCost under interfaces and unions', () => {
  it('takes the costliest branch of mutually exclusive inline fragments, not their sum', () => {
    const book = 5 * (1 + 1) + 10 * 1; // reviews(first: 5) with their author; unpaged variants
    const film = 20 * (1 + 3); // cast(first: 20) with books(first: 3)
    expect(
      cost(
        `{ search(text: "x", first: 10) {
          ... on Book { reviews(first: 5) { author { id } } variants { sku } }
          ... on Film { cast(first: 20) { books(first: 3) { id } } }
          ... on Author { id }
        } }`,
        catalogue,
      ),
    ).toBe(10 * (1 + Math.max(book, film)));
    expect(10 * (1 + Math.max(book, film))).toBeLessThan(10 * (1 + book + film));
  });

  it('adds up fragments that apply to one type together, through interfaces and named fragments', () => {
    // A Book is both an Item and a Node: both fragments run for it.
    expect(
      cost(
        `{ search(text: "x", first: 2) { ...OnItem ... on Node { ... on Book { authors { id } } } } }
        fragment OnItem on Item { variants { stock { quantity } } }`,
        catalogue,
      ),
    ).toBe(2 * (1 + 10 * (1 + 1) + 10));
  });

  it('costs a field of an interface by its costliest implementation', () => {
    expect(cost('{ items { variants { sku } } }', catalogue)).toBe(10 * (1 + 10));
    expect(
      cost('{ node(id: "1") { id ... on Author { books(first: 4) { id } } } }', catalogue),
    ).toBe(1 + 4);
  });
});

describe('operationCost with @listSize hints from the supergraph', () => {
  const orders = `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
    type Query {
      orders(limit: Int): [Order] @listSize(slicingArguments: ["limit"], requireOneSlicingArgument: false)
    }
    type Order @key(fields: "_id") { _id: ID! products: [OrderProduct] @listSize(assumedSize: 3) }
    type OrderProduct { _id: ID! quantity: Int }
  `;
  const composed = composeServices([
    { name: 'orders', url: 'http://orders', typeDefs: parse(orders) },
  ]);
  const listSizes = listSizesOf(composed.supergraphSdl!);
  const api = buildSchema(`
    type Query { orders(limit: Int): [Order] }
    type Order { _id: ID! products: [OrderProduct] }
    type OrderProduct { _id: ID! quantity: Int }
  `);

  it('reads the hints composition keeps in the supergraph', () => {
    expect(composed.errors).toBeUndefined();
    expect(Object.fromEntries(listSizes)).toEqual({
      'Query.orders': { slicingArguments: ['limit'] },
      'Order.products': { assumedSize: 3 },
    });
  });

  it('sizes lists by their slicing argument and assumed size', () => {
    expect(cost('{ orders(limit: 4) { products { quantity } } }', api, listSizes)).toBe(
      4 * (1 + 3),
    );
    // No slicing argument set: a page's default.
    expect(cost('{ orders { _id } }', api, listSizes)).toBe(50);
  });

  it('finds the directive under an aliased import', () => {
    const sdl = `schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: [{ name: "@listSize", as: "@size" }]) { query: Query }
      type Query { a: [A] @size(assumedSize: 7) } type A { b: Int }`;
    expect(Object.fromEntries(listSizesOf(sdl))).toEqual({ 'Query.a': { assumedSize: 7 } });
    expect(listSizesOf('type Query { a: [Int] }').size).toBe(0);
  });
});
