// The floor of S4 (contender F): the calls S4's query needs, made by hand over keep-alive
// undici pools, and the answer assembled: the product from products-subgraph, then (with its
// `_id`, as a plan must wait for it) the reviews-service link list and each linked review,
// beside the manuals-service's manual, then users-subgraph's `_entities` for the authors.
// No GraphQL parsing, validation, planning or plugins: what serving this query costs at least.
import { Pool } from 'undici';
import { serveFloor } from './floor-server';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return new URL(value);
};
const pool = (target: URL) =>
  new Pool(target.origin, { connections: 64, keepAliveTimeout: 60_000 });
const products = { url: env('PRODUCTS_URL'), pool: pool(env('PRODUCTS_URL')) };
const users = { url: env('USERS_URL'), pool: pool(env('USERS_URL')) };
const reviews = pool(env('REVIEWS_SERVICE_URL'));
const manuals = pool(env('MANUALS_SERVICE_URL'));

const PRODUCT = 'query ($id: ID!) { product(id: $id) { _id name price } }';
const AUTHORS =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { username } } }';

type Review = { rating: number; text: string; authorId: string };
type LinkList = { elements: { url: string }[] };

async function graphql<T>(
  target: { url: URL; pool: Pool },
  query: string,
  variables: object,
): Promise<T> {
  const answer = await target.pool.request({
    path: target.url.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const { data } = (await answer.body.json()) as { data: T };
  return data;
}

/** A REST GET's JSON body; undefined for 204. */
async function get<T>(target: Pool, path: string): Promise<T | undefined> {
  const answer = await target.request({ path, method: 'GET' });
  if (answer.statusCode === 204) {
    await answer.body.dump();
    return undefined;
  }
  if (answer.statusCode !== 200) throw new Error(`GET ${path}: ${answer.statusCode}`);
  return (await answer.body.json()) as T;
}

/** The query's `reviews(first: 2)`. */
const FIRST = 2;

async function productPage(id: string) {
  const { product } = await graphql<{
    product: { _id: string; name: string; price: number } | null;
  }>(products, PRODUCT, { id });
  if (!product) return { product: null };
  const key = encodeURIComponent(product._id);
  const [list, manual] = await Promise.all([
    get<LinkList>(reviews, `/products/${key}/reviews?amount=${FIRST}`),
    get<{ url: string }>(manuals, `/manuals/${key}`),
  ]);
  const items = await Promise.all(
    (list?.elements ?? []).map((link) => get<Review>(reviews, link.url)),
  );
  const authors = items.length
    ? (
        await graphql<{ _entities: ({ username: string } | null)[] }>(users, AUTHORS, {
          representations: items.map((r) => ({ __typename: 'User', _id: r?.authorId })),
        })
      )._entities
    : [];
  return {
    product: {
      name: product.name,
      price: product.price,
      reviews: items.map((review, i) =>
        review
          ? {
              rating: review.rating,
              text: review.text,
              author: authors[i] ? { username: authors[i].username } : null,
            }
          : null,
      ),
      manuals: manual ? { url: manual.url } : null,
    },
  };
}

// The one query of S4 (bench/src/s4-rest-read.ts): only its variables are read.
serveFloor(async ({ variables }) => ({ data: await productPage(String(variables?.['id'])) }));
