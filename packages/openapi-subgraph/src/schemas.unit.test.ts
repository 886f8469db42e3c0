import { fieldType, generate, getting, posting } from '../test/helpers';

const thing = (value: object, required: boolean) => ({
  Thing: { type: 'object', properties: { value }, ...(required ? { required: ['value'] } : {}) },
});

describe('output types: one property in, its GraphQL type out', () => {
  it.each([
    ['string', '3.0.3', { type: 'string' }, false, 'String'],
    ['required string', '3.0.3', { type: 'string' }, true, 'String!'],
    [
      'required $ref to a nullable schema',
      '3.0.3',
      { $ref: '#/components/schemas/MaybeName' },
      true,
      'String',
    ],
    ['required but nullable (3.0)', '3.0.3', { type: 'string', nullable: true }, true, 'String'],
    [
      'required but nullable (3.1 type list)',
      '3.1.0',
      { type: ['string', 'null'] },
      true,
      'String',
    ],
    ['required, 3.1 type list without null', '3.1.0', { type: ['integer'] }, true, 'Int!'],
    ['integer', '3.0.3', { type: 'integer' }, true, 'Int!'],
    ['int32', '3.0.3', { type: 'integer', format: 'int32' }, true, 'Int!'],
    ['int64 keeps every digit', '3.0.3', { type: 'integer', format: 'int64' }, true, 'BigInt!'],
    [
      'integer bounds beyond 32 bits',
      '3.0.3',
      { type: 'integer', maximum: 2 ** 40 },
      true,
      'BigInt!',
    ],
    ['number', '3.0.3', { type: 'number', format: 'double' }, true, 'Float!'],
    ['boolean', '3.0.3', { type: 'boolean' }, true, 'Boolean!'],
    ['date-time', '3.0.3', { type: 'string', format: 'date-time' }, true, 'DateTime!'],
    ['date', '3.0.3', { type: 'string', format: 'date' }, true, 'Date!'],
    [
      'additionalProperties map',
      '3.0.3',
      { type: 'object', additionalProperties: { type: 'integer' } },
      true,
      'JSON!',
    ],
    ['free-form object', '3.0.3', { type: 'object' }, false, 'JSON'],
    ['no type at all', '3.0.3', {}, false, 'JSON'],
    ['array of strings', '3.0.3', { type: 'array', items: { type: 'string' } }, true, '[String!]!'],
    [
      'array of nullable strings',
      '3.0.3',
      { type: 'array', items: { type: 'string', nullable: true } },
      false,
      '[String]',
    ],
    [
      '3.1 nullable items',
      '3.1.0',
      { type: 'array', items: { type: ['string', 'null'] } },
      false,
      '[String]',
    ],
    [
      'nested arrays',
      '3.0.3',
      { type: 'array', items: { type: 'array', items: { type: 'number' } } },
      false,
      '[[Float!]!]',
    ],
    [
      'allOf of one $ref',
      '3.0.3',
      { allOf: [{ $ref: '#/components/schemas/Other' }] },
      true,
      'Other!',
    ],
    [
      'oneOf [T, null] (3.1)',
      '3.1.0',
      { oneOf: [{ $ref: '#/components/schemas/Other' }, { type: 'null' }] },
      true,
      'Other',
    ],
    [
      'oneOf without discriminator',
      '3.0.3',
      { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      true,
      'JSON',
    ],
    ['several types (3.1)', '3.1.0', { type: ['string', 'integer'] }, true, 'JSON'],
    [
      'inline object',
      '3.0.3',
      { type: 'object', properties: { a: { type: 'string' } } },
      false,
      'ThingValue',
    ],
    ['inline enum', '3.0.3', { type: 'string', enum: ['a', 'b'] }, true, 'ThingValue!'],
    ['integer enum', '3.0.3', { type: 'integer', enum: [1, 2] }, true, 'Int!'],
  ])('%s', async (_rule, openapi, schema, required, expected) => {
    const other = {
      Other: { type: 'object', properties: { id: { type: 'string' } } },
      MaybeName: { type: 'string', nullable: true },
    };
    const fragment = getting(
      { $ref: '#/components/schemas/Thing' },
      { ...thing(schema, required), ...other },
    );
    const { sdl } = await generate(fragment, { openapi });
    expect(fieldType(sdl, 'Thing', 'value')).toBe(expected);
  });

  it('names inline schemas after their parent type and field, PascalCase', async () => {
    const inline = {
      type: 'object',
      properties: { shipping_address: { type: 'object', properties: { zip: { type: 'string' } } } },
    };
    const { sdl } = await generate(getting(inline));
    expect(fieldType(sdl, 'GetThingResponse', 'shipping_address')).toBe(
      'GetThingResponseShippingAddress',
    );
    expect(fieldType(sdl, 'GetThingResponseShippingAddress', 'zip')).toBe('String');
  });

  it('keeps component names for named schemas and follows circular $refs', async () => {
    const node = {
      type: 'object',
      properties: {
        next: { $ref: '#/components/schemas/Node' },
        children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
      },
    };
    const { sdl } = await generate(getting({ $ref: '#/components/schemas/Node' }, { Node: node }));
    expect(fieldType(sdl, 'Node', 'next')).toBe('Node');
    expect(fieldType(sdl, 'Node', 'children')).toBe('[Node!]');
  });

  it('merges allOf members into one object type', async () => {
    const components = {
      Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      Dog: {
        allOf: [
          { $ref: '#/components/schemas/Base' },
          { type: 'object', properties: { bark: { type: 'boolean' } } },
        ],
      },
    };
    const { sdl } = await generate(getting({ $ref: '#/components/schemas/Dog' }, components));
    expect(fieldType(sdl, 'Dog', 'id')).toBe('String!');
    expect(fieldType(sdl, 'Dog', 'bark')).toBe('Boolean');
  });

  it('drops writeOnly properties from output types and renames invalid property names', async () => {
    const user = {
      type: 'object',
      properties: {
        password: { type: 'string', writeOnly: true },
        'first-name': { type: 'string' },
      },
    };
    const { sdl, plan } = await generate(
      getting({ $ref: '#/components/schemas/User' }, { User: user }),
    );
    expect(fieldType(sdl, 'User', 'password')).toBeUndefined();
    expect(fieldType(sdl, 'User', 'firstName')).toBe('String');
    expect(plan.objects['User']?.properties).toEqual({ firstName: 'first-name' });
  });
});

describe('input types', () => {
  it.each([
    ['required', { type: 'string' }, true, 'String!'],
    ['optional', { type: 'string' }, false, 'String'],
    ['required and nullable', { type: 'string', nullable: true }, true, 'String'],
    [
      'inline object',
      { type: 'object', properties: { a: { type: 'string' } } },
      false,
      'ThingValueInput',
    ],
    ['a named object', { $ref: '#/components/schemas/Other' }, false, 'OtherInput'],
    [
      'oneOf (no input unions)',
      { oneOf: [{ $ref: '#/components/schemas/Other' }, { type: 'string' }] },
      false,
      'JSON',
    ],
  ])('%s', async (_rule, schema, required, expected) => {
    const other = { Other: { type: 'object', properties: { id: { type: 'string' } } } };
    const { sdl } = await generate(
      posting({ $ref: '#/components/schemas/Thing' }, { ...thing(schema, required), ...other }),
    );
    expect(fieldType(sdl, 'ThingInput', 'value')).toBe(expected);
  });

  it('a schema used in a body becomes XInput, beside its output type, without readOnly properties', async () => {
    const pet = {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' } },
    };
    const fragment = getting({ $ref: '#/components/schemas/Pet' }, { Pet: pet });
    Object.assign(
      fragment.paths!['/thing'] as object,
      posting({ $ref: '#/components/schemas/Pet' }).paths!['/thing'],
    );
    const { sdl, plan } = await generate(fragment);
    expect(fieldType(sdl, 'Pet', 'id')).toBe('Int!');
    expect(fieldType(sdl, 'PetInput', 'id')).toBeUndefined();
    expect(fieldType(sdl, 'PetInput', 'name')).toBe('String!');
    expect(plan.inputs['PetInput']?.fields).toEqual({
      name: { property: 'name', type: 'String!' },
    });
  });
});

describe('odd constructs map to the nearest type, with a warning naming the pointer, never a crash', () => {
  const value = '/components/schemas/Thing/properties/value';
  it.each([
    [
      '`not`',
      '3.0.3',
      { type: 'string', not: { enum: ['x'] } },
      'String',
      ['UNSUPPORTED_SCHEMA', `${value}/not`],
    ],
    [
      'an array without items (3.1)',
      '3.1.0',
      { type: 'array' },
      '[JSON]',
      ['UNSUPPORTED_SCHEMA', value],
    ],
    ['only null', '3.1.0', { type: 'null' }, 'JSON', undefined],
    ['a one-member anyOf', '3.0.3', { anyOf: [{ type: 'boolean' }] }, 'Boolean', undefined],
    ['a mixed enum', '3.0.3', { enum: ['a', 1] }, 'JSON', ['UNSUPPORTED_SCHEMA', `${value}/enum`]],
    ['const only (3.1)', '3.1.0', { const: 'fixed' }, 'JSON', undefined],
  ])('%s', async (_rule, openapi, schema, expected, warning) => {
    const fragment = getting({ $ref: '#/components/schemas/Thing' }, thing(schema, false));
    const { sdl, warnings } = await generate(fragment, { openapi });
    expect(fieldType(sdl, 'Thing', 'value')).toBe(expected);
    const found = warnings.map((w) => [w.code, w.pointer]);
    if (warning) expect(found).toContainEqual(warning);
    else expect(found).toEqual([]);
  });
});
