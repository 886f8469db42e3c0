/**
 * Asks the products subgraph (the owner of products) for the current unit price of each
 * product, through the same `_entities` entry point the gateway uses. Unknown ids come
 * back as null.
 */
export class ProductPrices {
  constructor(private readonly productsUrl: string) {}

  async lookup(ids: readonly string[]): Promise<Map<string, number>> {
    const response = await fetch(this.productsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { _id price } } }',
        variables: { representations: ids.map((_id) => ({ __typename: 'Product', _id })) },
      }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as {
      data?: { _entities: ({ _id: string; price: number } | null)[] };
      errors?: { message: string }[];
    };
    if (!response.ok || !body.data) {
      throw new Error(`products subgraph answered ${response.status}: ${body.errors?.[0]?.message}`);
    }
    const prices = new Map<string, number>();
    for (const entity of body.data._entities) if (entity) prices.set(entity._id, entity.price);
    return prices;
  }
}
