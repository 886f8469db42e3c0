import { definition, documentOf, generate, generateMany, normalised } from '../test/helpers';

const ok = (schema: unknown = { type: 'string' }) => ({
  '200': { description: 'ok', content: { 'application/json': { schema } } },
});

describe('operations', () => {
  it.each([
    [
      'GET is a Query field named by operationId',
      { '/a': { get: { operationId: 'listThings', responses: ok() } } },
      'Query',
      'type Query { listThings: String }',
    ],
    [
      'other methods are Mutation fields',
      { '/a': { delete: { operationId: 'removeThing', responses: ok() } } },
      'Mutation',
      'type Mutation { removeThing: String }',
    ],
    [
      'operationId is camelCased',
      { '/a': { get: { operationId: 'get_thing-by.id', responses: ok() } } },
      'Query',
      'type Query { getThingById: String }',
    ],
    [
      'x-graphql-field overrides',
      {
        '/a': { get: { operationId: 'listThings', 'x-graphql-field': 'things', responses: ok() } },
      },
      'Query',
      'type Query { things: String }',
    ],
    [
      'no operationId: method, path and parameters',
      {
        '/things/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: ok(),
          },
        },
      },
      'Query',
      'type Query { getThingsById(id: String!): String }',
    ],
    [
      'path, query and header parameters are arguments (Authorization is not)',
      {
        '/things/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          get: {
            operationId: 'getThing',
            parameters: [
              { name: 'expand', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
              { name: 'X-Request-ID', in: 'header', required: true, schema: { type: 'string' } },
              { name: 'Authorization', in: 'header', schema: { type: 'string' } },
            ],
            responses: ok(),
          },
        },
      },
      'Query',
      'type Query { getThing(id: Int!, expand: [String!], xRequestID: String!): String }',
    ],
    [
      'a request body is the input argument',
      {
        '/a': {
          post: {
            operationId: 'createThing',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { name: { type: 'string' } } },
                },
              },
            },
            responses: ok(),
          },
        },
      },
      'Mutation',
      'type Mutation { createThing(input: CreateThingInput!): String }',
    ],
    [
      '204 gives Void (always null)',
      {
        '/a': {
          delete: { operationId: 'removeThing', responses: { '204': { description: 'gone' } } },
        },
      },
      'Mutation',
      'type Mutation { removeThing: Void }',
    ],
    [
      '200 or 204: the 200 type, null for 204',
      {
        '/a': {
          get: { operationId: 'manual', responses: { ...ok(), '204': { description: 'none' } } },
        },
      },
      'Query',
      'type Query { manual: String }',
    ],
  ])('%s', async (_rule, paths, root, expected) => {
    const { sdl } = await generate({ paths });
    expect(definition(sdl, root)).toBe(normalised(expected));
  });

  it('records method, path template, parameters, body and response in the plan', async () => {
    const paths = {
      '/things/{id}': {
        put: {
          operationId: 'replaceThing',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'dry-run', in: 'query', schema: { type: 'boolean' } },
          ],
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', properties: { name: { type: 'string' } } },
              },
            },
          },
          responses: { ...ok(), '204': { description: 'unchanged' } },
        },
      },
    };
    const { plan } = await generate({ paths });
    expect(plan.operations['test.replaceThing']).toEqual({
      source: 'test',
      operationId: 'replaceThing',
      pointer: '/paths/~1things~1{id}/put',
      method: 'PUT',
      path: '/things/{id}',
      parameters: [
        { name: 'id', in: 'path', required: true, style: 'simple', explode: false },
        { name: 'dry-run', in: 'query', required: false, style: 'form', explode: true },
      ],
      requestBody: { contentType: 'application/json', required: false },
      response: {
        kind: 'json',
        contentType: 'application/json',
        status: '200',
        emptyStatuses: ['204'],
      },
    });
    expect(plan.fields['Mutation.replaceThing']).toEqual({
      operation: 'test.replaceThing',
      origin: 'operation',
      type: 'String',
      parameters: [
        { in: 'path', name: 'id', value: { from: 'argument', argument: 'id', type: 'String!' } },
        {
          in: 'query',
          name: 'dry-run',
          value: { from: 'argument', argument: 'dryRun', type: 'Boolean' },
        },
      ],
      body: { from: 'argument', argument: 'input', type: 'ReplaceThingInput' },
    });
  });

  it("prefixes a source's types and root fields when asked (to keep two APIs apart)", async () => {
    const paths = {
      '/a': {
        get: {
          operationId: 'getUser',
          responses: ok({ type: 'object', properties: { id: { type: 'string' } } }),
        },
      },
    };
    const { sdl } = await generate(
      { paths },
      { source: { typePrefix: 'Shop', fieldPrefix: 'shop' } },
    );
    expect(definition(sdl, 'Query')).toBe(
      normalised('type Query { shopGetUser: ShopGetUserResponse }'),
    );
  });

  it.each([
    [
      'cookie parameters',
      {
        '/a': {
          get: {
            operationId: 'a',
            parameters: [{ name: 's', in: 'cookie', schema: { type: 'string' } }],
            responses: ok(),
          },
        },
      },
      'UNSUPPORTED_PARAMETER',
      '/paths/~1a/get/parameters/0',
    ],
    [
      'HEAD operations',
      {
        '/a': {
          head: { operationId: 'a', responses: ok() },
          get: { operationId: 'b', responses: ok() },
        },
      },
      'UNSUPPORTED_OPERATION',
      '/paths/~1a/head',
    ],
    [
      'binary bodies',
      {
        '/a': {
          post: {
            operationId: 'a',
            requestBody: {
              content: {
                'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
              },
            },
            responses: ok(),
          },
        },
      },
      'UNSUPPORTED_BODY',
      '/paths/~1a/post/requestBody',
    ],
    [
      'non-JSON responses',
      {
        '/a': {
          get: {
            operationId: 'a',
            responses: {
              '200': {
                description: 'png',
                content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
              },
            },
          },
        },
      },
      'UNSUPPORTED_RESPONSE',
      '/paths/~1a/get/responses/200',
    ],
  ])('%s: a warning naming the pointer, no crash', async (_rule, paths, code, pointer) => {
    const { warnings } = await generate({ paths });
    expect(warnings).toContainEqual(expect.objectContaining({ code, pointer }));
  });
});

describe('several sources in one subgraph', () => {
  it('names wanted twice get a numeric suffix and a NAME_COLLISION warning, never a clash', async () => {
    const source = (name: string) => ({
      name,
      document: documentOf({
        paths: {
          '/items': {
            get: { operationId: 'listItems', responses: ok({ $ref: '#/components/schemas/Item' }) },
          },
        },
        components: {
          schemas: { Item: { type: 'object', properties: { [name]: { type: 'string' } } } },
        },
      }),
    });
    const { sdl, warnings } = await generateMany([source('a'), source('b')]);
    expect(definition(sdl, 'Query')).toBe(
      normalised('type Query { listItems: Item listItems2: Item2 }'),
    );
    expect(definition(sdl, 'Item2')).toBe(normalised('type Item2 { b: String }'));
    expect(warnings.map((w) => `${w.code} ${w.source}#${w.pointer}`)).toEqual([
      'NAME_COLLISION b#/components/schemas/Item',
      'NAME_COLLISION b#/paths/~1items/get',
    ]);
  });
});
