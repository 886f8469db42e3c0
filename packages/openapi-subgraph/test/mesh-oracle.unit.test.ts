import { join } from 'node:path';
import { loadGraphQLSchemaFromOpenAPI } from '@omnigraph/openapi';
import {
  buildASTSchema,
  isEnumType,
  isObjectType,
  getNamedType,
  parse,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLType,
  isListType,
  isNonNullType,
} from 'graphql';
import { generateSubgraph } from '../src';

const PETSTORE = join(__dirname, 'fixtures', 'petstore-3.0.yaml');

/** A field's type with enums written by their values, so differently named enums compare equal. */
function shape(type: GraphQLType): string {
  if (isNonNullType(type)) return `${shape(type.ofType)}!`;
  if (isListType(type)) return `[${shape(type.ofType)}]`;
  return isEnumType(type)
    ? `enum(${type
        .getValues()
        .map((v) => v.name)
        .sort()
        .join('|')})`
    : type.name;
}

function fieldsOf(schema: GraphQLSchema, types: string[]): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const name of types) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      shapes.set(`${name}.${field.name}`, shape(field.type));
    }
  }
  return shapes;
}

const ITEMS =
  'The items schema is not nullable (OpenAPI 3.0 `nullable` defaults to false), so a null item would break the contract: ours says so, Mesh allows null items.';
const NO_BODY =
  'The success response has no content: ours is `Void` (always null), Mesh promises `JSON` though there is never a body to return.';

/** Where our mapping differs from Mesh's on Petstore, and why ours is right. */
const DIFFERENCES: Array<{ field: string; ours: string; mesh: string; why: string }> = [
  { field: 'Query.findPetsByStatus', ours: '[Pet!]', mesh: '[Pet]', why: ITEMS },
  { field: 'Query.findPetsByTags', ours: '[Pet!]', mesh: '[Pet]', why: ITEMS },
  { field: 'Query.logoutUser', ours: 'Void', mesh: 'JSON', why: NO_BODY },
  { field: 'Mutation.deleteOrder', ours: 'Void', mesh: 'JSON', why: NO_BODY },
  { field: 'Mutation.deletePet', ours: 'Void', mesh: 'JSON', why: NO_BODY },
  { field: 'Mutation.deleteUser', ours: 'Void', mesh: 'JSON', why: NO_BODY },
  { field: 'Mutation.updateUser', ours: 'Void', mesh: 'JSON', why: NO_BODY },
  { field: 'Pet.photoUrls', ours: '[String!]!', mesh: '[String]!', why: ITEMS },
  { field: 'Pet.tags', ours: '[Tag!]', mesh: '[Tag]', why: ITEMS },
  {
    field: 'User.email',
    ours: 'String',
    mesh: 'EmailAddress',
    why: 'The schema has no `format: email`; Mesh guesses from `example: john@email.com`, and would fail to serialise a stored value that is not an address. An example illustrates, it is not a contract.',
  },
];

describe('GraphQL Mesh (@omnigraph/openapi) as an oracle on the Petstore document', () => {
  // Enum and input type names differ by design (Mesh: `mutation_updatePet_status`, `Pet_Input`;
  // ours: `PetStatus` after the schema that declares it, `PetInput`), so enums compare by values.
  it('maps the same types and fields; each difference is listed with why ours is right', async () => {
    const mesh = await loadGraphQLSchemaFromOpenAPI('petstore', {
      source: PETSTORE,
      cwd: '/',
      endpoint: 'http://127.0.0.1',
    });
    const ours = buildASTSchema(
      parse(
        (await generateSubgraph([{ name: 'petstore', document: PETSTORE }])).sdl.replace(
          /^extend schema .*$/m,
          '',
        ),
      ),
      { assumeValidSDL: true },
    );
    const objectTypes = [
      'Query',
      'Mutation',
      'Pet',
      'Category',
      'Tag',
      'Order',
      'User',
      'ApiResponse',
    ];
    const theirs = fieldsOf(mesh, objectTypes);
    const mine = fieldsOf(ours, objectTypes);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    const differences = [...mine]
      .filter(([field, type]) => theirs.get(field) !== type)
      .map(([field, type]) => ({ field, ours: type, mesh: theirs.get(field) }));
    expect(differences).toEqual(DIFFERENCES.map(({ why: _why, ...difference }) => difference));
    expect(getNamedType(mesh.getQueryType()!.getFields()['getPetById']!.type).name).toBe('Pet');
  });
});
