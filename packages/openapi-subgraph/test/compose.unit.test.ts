import { join } from 'node:path';
import { parse } from 'graphql';
import { generateSubgraph } from '../src';
import { definition, normalised } from './helpers';
import { composeWithSupergraph } from './compose';

const LOCAL = join(__dirname, 'fixtures', 'local');

describe('the generated subgraph composes with users, products and orders', () => {
  it('reverse links to Product (owned by products-subgraph) contribute Product.reviews and Product.manuals', async () => {
    const { sdl, plan, warnings } = await generateSubgraph([
      { name: 'reviews', document: join(LOCAL, 'reviews.yaml') },
      { name: 'manuals', document: join(LOCAL, 'manuals.yaml') },
    ]);
    expect(warnings).toEqual([]);
    expect(sdl.split('\n')[0]).toBe(
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])',
    );
    expect(definition(sdl, 'Product')).toBe(
      normalised(`type Product @key(fields: "_id") {
        _id: ID!
        "The product's reviews, newest first."
        reviews(offset: Int, first: Int): [Review]
        "The product's reviews, newest first."
        reviewsPage(offset: Int, first: Int): ReviewPage
        manuals: GetManualResponse
      }`),
    );
    expect(plan.entities['Product']).toEqual({ kind: 'external', key: '_id', resolvable: true });
    expect(definition(sdl, 'User')).toBe(
      normalised('type User @key(fields: "_id", resolvable: false) { _id: ID! }'),
    );
    expect(definition(sdl, 'Review')).toContain('author: User');
    expect(plan.references['Review.author']).toEqual({
      type: 'User',
      key: { _id: { from: 'parent', pointer: '/authorId' } },
    });
    const { errors, supergraphSdl } = composeWithSupergraph(sdl);
    expect(errors).toEqual([]);
    const product = definition(supergraphSdl ?? '', 'Product') ?? '';
    expect(product).toContain(
      'reviews(offset: Int, first: Int): [Review] @join__field(graph: REST)',
    );
    expect(product).toContain('price: Int! @join__field(graph: PRODUCTS)');
    expect(definition(supergraphSdl ?? '', 'Review')).toContain('author: User');
  });

  it('the output is deterministic: the same sources give the same SDL and plan', async () => {
    const sources = [
      { name: 'reviews', document: join(LOCAL, 'reviews.yaml') },
      { name: 'manuals', document: join(LOCAL, 'manuals.yaml') },
    ];
    const first = await generateSubgraph(sources);
    const second = await generateSubgraph(sources);
    expect(second.sdl).toBe(first.sdl);
    expect(JSON.stringify(second.plan)).toBe(JSON.stringify(first.plan));
    expect(() => parse(first.sdl)).not.toThrow();
  });
});
