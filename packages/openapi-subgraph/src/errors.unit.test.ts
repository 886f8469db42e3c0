import { OpenApiSubgraphError } from './errors';
import { documentOf, generate, getting } from '../test/helpers';
import { generateSubgraph } from './generate';

const ok = {
  '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } },
};

describe('invalid documents fail with the pointer of what is wrong', () => {
  it.each([
    [
      'a schema keyword of the wrong type',
      getting({ type: 'integer', minimum: 'x' }),
      'INVALID_DOCUMENT',
      '/paths/~1thing/get/responses/200/content/application~1json/schema/minimum',
    ],
    [
      'a wrong schema behind a $ref: the pointer is where it is written',
      getting({ $ref: '#/components/schemas/A' }, { A: { type: 'objekt' } }),
      'INVALID_DOCUMENT',
      '/components/schemas/A/type',
    ],
    [
      'a missing required field',
      { paths: { '/a': { get: { operationId: 'a' } } } },
      'INVALID_DOCUMENT',
      '/paths/~1a/get',
    ],
    [
      'a path parameter not declared',
      { paths: { '/a/{id}': { get: { responses: ok } } } },
      'INVALID_DOCUMENT',
      '/paths/~1a~1{id}/get',
    ],
    [
      'a duplicated operationId',
      {
        paths: {
          '/a': { get: { operationId: 'x', responses: ok } },
          '/b': { get: { operationId: 'x', responses: ok } },
        },
      },
      'INVALID_DOCUMENT',
      '/paths/~1b/get',
    ],
  ])('%s', async (_rule, fragment, code, pointer) => {
    const failure = await generate(fragment).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenApiSubgraphError);
    expect(failure).toMatchObject({ code, source: 'test', pointer });
    expect((failure as Error).message).toContain(`test#${pointer}`);
  });

  it('a $ref to nothing', async () => {
    const fragment = getting({ $ref: '#/components/schemas/Nope' });
    await expect(generate(fragment)).rejects.toMatchObject({
      code: 'INVALID_DOCUMENT',
      message: expect.stringContaining('#/components/schemas/Nope'),
    });
  });

  it('Swagger 2.0 is refused by version', async () => {
    const swagger = { swagger: '2.0', info: { title: 't', version: '1' }, paths: {} };
    await expect(generateSubgraph([{ name: 'old', document: swagger }])).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      pointer: '/openapi',
    });
  });

  it('an unreadable file', async () => {
    await expect(
      generateSubgraph([{ name: 'gone', document: '/nonexistent/openapi.yaml' }]),
    ).rejects.toMatchObject({ code: 'UNREADABLE_DOCUMENT' });
  });

  it('two sources with one name', async () => {
    const document = documentOf({});
    await expect(
      generateSubgraph([
        { name: 'a', document },
        { name: 'a', document },
      ]),
    ).rejects.toMatchObject({ code: 'DUPLICATE_SOURCE' });
  });
});
