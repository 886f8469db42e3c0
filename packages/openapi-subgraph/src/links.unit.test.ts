import { parse, type ObjectTypeDefinitionNode } from 'graphql';
import type { FieldPlan, GeneratedSubgraph, ValueSource } from '../src';
import { definition, documentOf, generate, generateMany, normalised } from '../test/helpers';

/** The type's whole definition, and the plan of one of its fields. */
function expectField(
  generated: GeneratedSubgraph,
  typeSdl: string,
  field: string,
  fieldPlan: FieldPlan,
) {
  const type = parse(typeSdl).definitions[0] as ObjectTypeDefinitionNode;
  expect(definition(generated.sdl, type.name.value)).toBe(normalised(typeSdl));
  expect(generated.plan.fields[`${type.name.value}.${field}`]).toEqual(fieldPlan);
}

const json = (schema: unknown, extra: object = {}) => ({
  '200': { description: 'ok', content: { 'application/json': { schema } }, ...extra },
});
const pathParameter = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** GET one `schema` by a path parameter. */
const getOne = (operationId: string, parameter: string, schema: string, response: object = {}) => ({
  get: {
    operationId,
    parameters: [pathParameter(parameter)],
    responses: json(ref(schema), response),
  },
});

const schemas = {
  Order: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, userId: { type: 'string' } },
  },
  User: { type: 'object', properties: { name: { type: 'string' } } },
  Product: { type: 'object', properties: { sku: { type: 'string' }, name: { type: 'string' } } },
  Review: { type: 'object', properties: { rating: { type: 'integer' } } },
};

function orders(link: object) {
  return {
    paths: {
      '/orders/{id}': getOne('getOrder', 'id', 'Order', { links: { user: link } }),
      '/users/{userId}': {
        get: {
          operationId: 'getUser',
          parameters: [
            pathParameter('userId'),
            { name: 'lang', in: 'query', schema: { type: 'string' } },
          ],
          responses: json(ref('User')),
        },
      },
    },
    components: { schemas: { ...schemas } },
  };
}

describe('OpenAPI links become fields of the response type', () => {
  it.each([
    [
      '$response.body#/userId reads the parent',
      '$response.body#/userId',
      { from: 'parent', pointer: '/userId' },
    ],
    [
      '$request.path.id reads the request that fetched the parent',
      '$request.path.id',
      { from: 'parentRequest', in: 'path', name: 'id' },
    ],
    ['a constant', 'u-1', { from: 'constant', value: 'u-1' }],
  ])('%s', async (_rule, expression, value) => {
    const generated = await generate(
      orders({ operationId: 'getUser', parameters: { userId: expression } }),
    );
    expectField(
      generated,
      'type Order { id: String! userId: String user(lang: String): User }',
      'user',
      {
        operation: 'test.getUser',
        origin: 'link',
        type: 'User',
        parameters: [
          { in: 'path', name: 'userId', value: value as ValueSource },
          {
            in: 'query',
            name: 'lang',
            value: { from: 'argument', argument: 'lang', type: 'String' },
          },
        ],
      },
    );
  });

  it('x-graphql-field names the field; a $ref to components.links and a local operationRef work', async () => {
    const fragment = orders({ $ref: '#/components/links/OrderUser' });
    fragment.components = {
      ...fragment.components,
      links: {
        OrderUser: {
          operationRef: '#/paths/~1users~1{userId}/get',
          'x-graphql-field': 'customer',
          parameters: { 'path.userId': '$response.body#/userId' },
        },
      },
    } as never;
    const { sdl } = await generate(fragment);
    expect(definition(sdl, 'Order')).toContain('customer(lang: String): User');
  });

  it.each([
    [
      'an unsupported runtime expression keeps the parameter an argument',
      { operationId: 'getUser', parameters: { userId: '$response.header.X-User' } },
      'UNSUPPORTED_LINK',
      '/parameters/userId',
      'user(userId: String!, lang: String): User',
    ],
    ['an unknown operationId', { operationId: 'nope' }, 'UNSUPPORTED_LINK', '', undefined],
    [
      'a parameter the target lacks',
      { operationId: 'getUser', parameters: { nope: 'x' } },
      'UNSUPPORTED_LINK',
      '/parameters/nope',
      'user(userId: String!, lang: String): User',
    ],
  ])('%s: a warning', async (_rule, link, code, pointerTail, field) => {
    const { sdl, warnings } = await generate(orders(link));
    expect(warnings).toContainEqual(
      expect.objectContaining({
        code,
        pointer: `/paths/~1orders~1{id}/get/responses/200/links/user${pointerTail}`,
      }),
    );
    if (field) expect(definition(sdl, 'Order')).toContain(field);
    else expect(definition(sdl, 'Order')).not.toContain('user(');
  });
});

const linkList = {
  type: 'object',
  properties: {
    elements: {
      type: 'array',
      items: { type: 'object', properties: { url: { type: 'string' }, title: { type: 'string' } } },
    },
    total: { type: 'integer' },
    offset: { type: 'integer' },
    amount: { type: 'integer' },
  },
};

function catalogue(options: { elementType?: string; response?: unknown } = {}) {
  return {
    paths: {
      '/products/{productKey}': getOne('getProduct', 'productKey', 'Product'),
      '/products/{productKey}/reviews': {
        get: {
          operationId: 'listReviews',
          parameters: [
            pathParameter('productKey'),
            { name: 'offset', in: 'query', schema: { type: 'integer' } },
            { name: 'amount', in: 'query', schema: { type: 'integer' } },
          ],
          responses: {
            '200': {
              description: 'links',
              'x-element-type': options.elementType ?? 'Review',
              content: { 'application/json': { schema: options.response ?? linkList } },
            },
          },
        },
      },
      '/reviews/{id}': getOne('getReview', 'id', 'Review'),
    },
    components: { schemas: { ...schemas } },
  };
}

describe('x-element-type link lists', () => {
  it('give [Element] (each link followed) and a page type with the total; paging arguments map to offset/amount', async () => {
    const { sdl, plan } = await generate(catalogue(), { source: { urlPrefixLinks: false } });
    expect(definition(sdl, 'Query')).toContain(
      'listReviews(productKey: String!, offset: Int, first: Int): [Review]',
    );
    expect(definition(sdl, 'Query')).toContain(
      'listReviewsPage(productKey: String!, offset: Int, first: Int): ReviewPage',
    );
    expect(definition(sdl, 'ReviewPage')).toBe(
      normalised(
        '"A page of Review items; each item is fetched by following its link." type ReviewPage { items: [Review] total: Int offset: Int amount: Int }',
      ),
    );
    expect(plan.operations['test.listReviews']?.response).toEqual({
      kind: 'linkList',
      contentType: 'application/json',
      status: '200',
      emptyStatuses: [],
      elementType: 'Review',
      elementsProperty: 'elements',
      urlProperty: 'url',
      totalProperty: 'total',
      offsetProperty: 'offset',
      amountProperty: 'amount',
      elementOperation: 'test.getReview',
    });
    expect(plan.fields['Query.listReviews']).toMatchObject({
      paging: { offset: 'offset', first: 'amount' },
      linkListShape: 'list',
    });
    expect(plan.fields['Query.listReviewsPage']).toMatchObject({ linkListShape: 'page' });
  });

  it('maps one REST parameter per paging role (amount and limit: limit stays an argument)', async () => {
    const fragment = catalogue();
    const list = (fragment.paths['/products/{productKey}/reviews'] as any).get;
    list.parameters.push({ name: 'limit', in: 'query', schema: { type: 'integer' } });
    const { sdl } = await generate(fragment, { source: { urlPrefixLinks: false } });
    expect(definition(sdl, 'Query')).toContain(
      'listReviews(productKey: String!, offset: Int, first: Int, limit: Int): [Review]',
    );
  });

  it.each([
    [
      'a schema that does not exist',
      { elementType: 'Nope' },
      'x-element-type Nope names no schema',
    ],
    [
      'a response that is not a link list',
      { response: { type: 'object', properties: { total: { type: 'integer' } } } },
      'the response has no `elements`',
    ],
  ])('%s: an ordinary response and a warning', async (_rule, options, message) => {
    const { warnings } = await generate(catalogue(options), { source: { urlPrefixLinks: false } });
    expect(warnings).toContainEqual({
      code: 'INVALID_ELEMENT_TYPE',
      source: 'test',
      pointer: '/paths/~1products~1{productKey}~1reviews/get/responses/200/x-element-type',
      message: `${message}: mapped as an ordinary response`,
    });
  });
});

describe('URL-prefix links', () => {
  it('/products/{productKey}/reviews becomes reviews on what /products/{productKey} returns', async () => {
    const { sdl, plan } = await generate(catalogue());
    expect(definition(sdl, 'Product')).toContain('reviews(offset: Int, first: Int): [Review]');
    expect(plan.fields['Product.reviews']?.parameters[0]).toEqual({
      in: 'path',
      name: 'productKey',
      value: { from: 'parentRequest', in: 'path', name: 'productKey' },
    });
    expect(plan.fields['Product.reviews']?.origin).toBe('urlPrefix');
  });

  it("the parent's property of the parameter's name is used when there is one", async () => {
    const fragment = catalogue();
    (fragment.components.schemas as Record<string, unknown>)['Product'] = {
      type: 'object',
      properties: { productKey: { type: 'string' } },
    };
    const { plan } = await generate(fragment);
    expect(plan.fields['Product.reviews']?.parameters[0]?.value).toEqual({
      from: 'parent',
      pointer: '/productKey',
    });
  });

  it('is a fallback: a link declared to the same operation wins', async () => {
    const fragment = catalogue();
    const get = (fragment.paths['/products/{productKey}'] as any).get;
    get.responses['200'].links = {
      opinions: {
        operationId: 'listReviews',
        parameters: { productKey: '$request.path.productKey' },
      },
    };
    const { sdl } = await generate(fragment);
    expect(definition(sdl, 'Product')).toContain('opinions(offset: Int, first: Int): [Review]');
    expect(definition(sdl, 'Product')).not.toContain('reviews(');
  });

  it('can be turned off per source', async () => {
    const { sdl } = await generate(catalogue(), { source: { urlPrefixLinks: false } });
    expect(definition(sdl, 'Product')).toBe(
      normalised('type Product { sku: String name: String }'),
    );
  });
});

describe('reverse links', () => {
  const catalogueSource = {
    name: 'catalogue',
    document: documentOf({
      paths: { '/products/{productKey}': catalogue().paths['/products/{productKey}'] },
      components: { schemas },
    }),
  };
  const reviews = (link: object) => ({
    name: 'reviews',
    document: documentOf({
      paths: {
        '/reviews': {
          get: {
            operationId: 'reviewsOf',
            parameters: [{ name: 'sku', in: 'query', required: true, schema: { type: 'string' } }],
            responses: json({ type: 'array', items: ref('Review') }),
          },
        },
      },
      components: {
        schemas: { Review: schemas.Review },
        links: {
          productReviews: { operationId: 'reviewsOf', 'x-graphql-field': 'reviews', ...link },
        },
      },
    }),
  });

  it("x-source-operation adds the field to the type another source's operation returns", async () => {
    const generated = await generateMany([
      catalogueSource,
      reviews({ 'x-source-operation': 'getProduct', parameters: { sku: '$response.body#/sku' } }),
    ]);
    expectField(
      generated,
      'type Product { sku: String name: String reviews: [Review!] }',
      'reviews',
      {
        operation: 'reviews.reviewsOf',
        origin: 'reverseLink',
        type: '[Review!]',
        parameters: [{ in: 'query', name: 'sku', value: { from: 'parent', pointer: '/sku' } }],
      },
    );
  });

  it('an unknown x-source-operation is an error naming the link', async () => {
    await expect(
      generateMany([catalogueSource, reviews({ 'x-source-operation': 'nope' })]),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_SOURCE_OPERATION',
      source: 'reviews',
      pointer: '/components/links/productReviews/x-source-operation',
    });
  });

  it('x-source-type attaches to an entity another subgraph owns, with its key from $source or from the options', async () => {
    const link = { 'x-source-type': 'Item', parameters: { sku: '$source#/code' } };
    const derived = await generateMany([reviews(link)]);
    expect(definition(derived.sdl, 'Item')).toBe(
      normalised('type Item @key(fields: "code") { code: ID! reviews: [Review!] }'),
    );
    const configured = await generateMany([reviews(link)], {
      externalEntities: { Item: { key: { code: 'String!' } } },
    });
    expect(definition(configured.sdl, 'Item')).toBe(
      normalised('type Item @key(fields: "code") { code: String! reviews: [Review!] }'),
    );
  });
});

describe('x-graphql-key', () => {
  it('makes the type an entity resolved by the GET that fetches one by its key', async () => {
    const fragment = catalogue();
    (fragment.components.schemas as Record<string, unknown>)['Product'] = {
      ...schemas.Product,
      'x-graphql-key': 'sku',
    };
    const { sdl, plan } = await generate(fragment, { source: { urlPrefixLinks: false } });
    expect(definition(sdl, 'Product')).toBe(
      normalised('type Product @key(fields: "sku") { sku: String name: String }'),
    );
    expect(plan.entities['Product']).toEqual({
      kind: 'local',
      key: 'sku',
      resolve: {
        operation: 'test.getProduct',
        parameters: [
          { in: 'path', name: 'productKey', value: { from: 'parent', pointer: '/sku' } },
        ],
      },
    });
  });

  it.each([
    [
      'no GET fetches it: resolvable: false',
      { ...schemas.Review, 'x-graphql-key': 'rating' },
      'Review',
      '@key(fields: "rating", resolvable: false)',
      'ENTITY_NOT_RESOLVABLE',
    ],
    [
      'a key the schema lacks: no @key',
      { ...schemas.User, 'x-graphql-key': 'id' },
      'User',
      undefined,
      'INVALID_KEY',
    ],
  ])('%s', async (_rule, schema, name, directive, code) => {
    const { sdl, warnings } = await generate(getOnly(name, schema));
    if (directive) expect(definition(sdl, name)).toContain(directive);
    else expect(definition(sdl, name)).not.toContain('@key');
    expect(warnings.map((w) => w.code)).toContain(code);
  });
});

function getOnly(name: string, schema: unknown) {
  return {
    paths: {
      '/all': { get: { operationId: 'all', responses: json({ type: 'array', items: ref(name) }) } },
    },
    components: { schemas: { [name]: schema } },
  };
}

describe('x-target-type: a link to an entity another subgraph owns', () => {
  const link = {
    operationId: 'getUser',
    'x-target-type': 'Account',
    parameters: { id: '$response.body#/userId' },
  };

  it('returns a reference, its key read from the parent; the stub is resolvable: false', async () => {
    const { sdl, plan } = await generate(orders(link));
    expect(definition(sdl, 'Order')).toContain('user: Account');
    expect(definition(sdl, 'Account')).toBe(
      normalised('type Account @key(fields: "id", resolvable: false) { id: ID! }'),
    );
    expect(plan.references['Order.user']).toEqual({
      type: 'Account',
      key: { id: { from: 'parent', pointer: '/userId' } },
    });
    expect(plan.fields['Order.user']).toBeUndefined();
  });

  it('the stub becomes resolvable when a reverse link contributes a field to it', async () => {
    const contributor = documentOf({
      paths: {
        '/accounts/{id}/badges': {
          get: {
            operationId: 'badges',
            parameters: [pathParameter('id')],
            responses: json({ type: 'array', items: { type: 'string' } }),
          },
        },
      },
      components: {
        links: {
          accountBadges: {
            operationId: 'badges',
            'x-source-type': 'Account',
            parameters: { id: '$source#/id' },
          },
        },
      },
    });
    const { sdl, plan } = await generateMany([
      { name: 'shop', document: documentOf(orders(link)) },
      { name: 'badges', document: contributor },
    ]);
    expect(definition(sdl, 'Account')).toBe(
      normalised('type Account @key(fields: "id") { id: ID! accountBadges: [String!] }'),
    );
    expect(plan.entities['Account']).toEqual({ kind: 'external', key: 'id', resolvable: true });
  });
});
