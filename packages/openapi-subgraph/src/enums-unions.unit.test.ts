import { definition, generate, getting, normalised } from '../test/helpers';

describe('enums', () => {
  it.each([
    ['valid names stay as they are', ['available', 'SOLD'], 'enum Status { available SOLD }', {}],
    [
      'invalid characters become _',
      ['in-stock', 'on hold'],
      'enum Status { in_stock on_hold }',
      { in_stock: 'in-stock', on_hold: 'on hold' },
    ],
    ['a leading digit gets _', ['2xl'], 'enum Status { _2xl }', { _2xl: '2xl' }],
    [
      'true/false/null are not enum values',
      ['true', 'null'],
      'enum Status { true_ null_ }',
      { true_: 'true', null_: 'null' },
    ],
    [
      'clashing sanitised names get a suffix',
      ['a-b', 'a_b'],
      'enum Status { a_b a_b_2 }',
      { a_b: 'a-b', a_b_2: 'a_b' },
    ],
  ])('%s', async (_rule, values, expected, renamed) => {
    const { sdl, plan, warnings } = await generate(
      getting(
        { $ref: '#/components/schemas/Status' },
        { Status: { type: 'string', enum: values } },
      ),
    );
    expect(definition(sdl, 'Status')).toBe(normalised(expected));
    const mapping = plan.enums['Status']?.values ?? {};
    expect(Object.fromEntries(Object.entries(mapping).filter(([k, v]) => k !== v))).toEqual(
      renamed,
    );
    expect(warnings.some((w) => w.code === 'ENUM_VALUE_RENAMED')).toBe(
      Object.keys(renamed).length > 0,
    );
  });
});

const cat = {
  type: 'object',
  properties: { kind: { type: 'string' }, meows: { type: 'boolean' } },
};
const dog = {
  type: 'object',
  properties: { kind: { type: 'string' }, barks: { type: 'boolean' } },
};

describe('oneOf/anyOf', () => {
  it.each([
    [
      'discriminator with a mapping',
      {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        discriminator: {
          propertyName: 'kind',
          mapping: { c: '#/components/schemas/Cat', d: 'Dog' },
        },
      },
      { c: 'Cat', d: 'Dog', Cat: 'Cat', Dog: 'Dog' },
    ],
    [
      'discriminator without a mapping: component names are the values',
      {
        anyOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        discriminator: { propertyName: 'kind' },
      },
      { Cat: 'Cat', Dog: 'Dog' },
    ],
  ])('%s: a union resolved by the discriminator', async (_rule, pet, mapping) => {
    const { sdl, plan } = await generate(
      getting({ $ref: '#/components/schemas/Pet' }, { Pet: pet, Cat: cat, Dog: dog }),
    );
    expect(definition(sdl, 'Pet')).toBe('union Pet = Cat | Dog');
    expect(plan.unions['Pet']).toEqual({
      source: 'test',
      pointer: '/components/schemas/Pet',
      propertyName: 'kind',
      mapping,
    });
  });

  it('an inline discriminated oneOf becomes a union named after its parent and field; inline members are numbered', async () => {
    const owner = {
      type: 'object',
      properties: {
        pet: {
          oneOf: [
            {
              type: 'object',
              properties: { kind: { type: 'string', enum: ['bird'] }, sings: { type: 'boolean' } },
            },
            { $ref: '#/components/schemas/Dog' },
          ],
          discriminator: { propertyName: 'kind' },
        },
      },
    };
    const { sdl, plan } = await generate(
      getting({ $ref: '#/components/schemas/Owner' }, { Owner: owner, Dog: dog }),
    );
    expect(definition(sdl, 'OwnerPet')).toBe('union OwnerPet = Dog | OwnerPetOption1');
    expect(plan.unions['OwnerPet']?.mapping).toEqual({ bird: 'OwnerPetOption1', Dog: 'Dog' });
  });

  it.each([
    [
      'no discriminator',
      { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] },
      'UNION_WITHOUT_DISCRIMINATOR',
    ],
    [
      'a member that is not an object',
      {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { type: 'string' }],
        discriminator: { propertyName: 'kind' },
      },
      'UNION_MEMBER_NOT_OBJECT',
    ],
  ])('%s: JSON and a warning naming the pointer', async (_rule, pet, code) => {
    const { sdl, warnings } = await generate(
      getting({ $ref: '#/components/schemas/Pet' }, { Pet: pet, Cat: cat, Dog: dog }),
    );
    expect(definition(sdl, 'Query')).toContain('getThing: JSON');
    expect(warnings).toContainEqual(
      expect.objectContaining({ code, pointer: '/components/schemas/Pet' }),
    );
  });
});
