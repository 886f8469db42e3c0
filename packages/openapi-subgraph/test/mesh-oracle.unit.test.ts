import { join } from 'node:path';
import { loadGraphQLSchemaFromOpenAPI } from '@omnigraph/openapi';
import {
  buildASTSchema,
  isEnumType,
  isObjectType,
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

const MUSEUM = join(__dirname, 'fixtures', 'museum-3.1.yaml');
const ERROR_UNION =
  'Mesh unions the 4xx body into the result (`X | Error`); ours returns the success type and REST errors become GraphQL errors with catalogue codes (DESIGN.md: REST errors -> catalogue codes), so a client selects fields of X without fragments.';
const FORMATS =
  '`format: uuid`/`email` are kept as String: the value passes through unchanged, and no per-format scalar has to be defined alike in every subgraph that shares it. Formats matter only where precision or a date type is at stake (int64, date, date-time).';
const PATTERN =
  'Mesh makes a scalar per `pattern`; ours is String (the REST service validates its own patterns, and a one-off scalar per pattern is noise in the supergraph).';

/** Where our mapping differs from Mesh's on the museum document (OpenAPI 3.1), and why. */
const MUSEUM_DIFFERENCES: Array<{ field: string; ours: string; mesh: string; why: string }> = [
  {
    field: 'Query.getMuseumHours',
    ours: '[MuseumDailyHours!]',
    mesh: '[getMuseumHours_response]',
    why: ERROR_UNION,
  },
  {
    field: 'Query.listSpecialEvents',
    ours: '[SpecialEvent!]',
    mesh: '[listSpecialEvents_response]',
    why: ERROR_UNION,
  },
  {
    field: 'Query.getSpecialEvent',
    ours: 'SpecialEvent',
    mesh: 'getSpecialEvent_response',
    why: ERROR_UNION,
  },
  {
    field: 'Query.getTicketCode',
    ours: 'String',
    mesh: 'getTicketCode_response',
    why: 'An image/png body: ours is the body as a String (with an UNSUPPORTED_RESPONSE warning), Mesh a File wrapped in an error union.',
  },
  {
    field: 'Mutation.createSpecialEvent',
    ours: 'SpecialEvent',
    mesh: 'createSpecialEvent_response',
    why: ERROR_UNION,
  },
  {
    field: 'Mutation.updateSpecialEvent',
    ours: 'SpecialEvent',
    mesh: 'updateSpecialEvent_response',
    why: ERROR_UNION,
  },
  {
    field: 'Mutation.deleteSpecialEvent',
    ours: 'Void',
    mesh: 'deleteSpecialEvent_response',
    why: ERROR_UNION,
  },
  {
    field: 'Mutation.buyMuseumTickets',
    ours: 'MuseumTicketsConfirmation',
    mesh: 'buyMuseumTickets_response',
    why: ERROR_UNION,
  },
  {
    field: 'MuseumDailyHours.timeOpen',
    ours: 'String!',
    mesh: 'query_getMuseumHours_oneOf_0_items_timeOpen!',
    why: PATTERN,
  },
  {
    field: 'MuseumDailyHours.timeClose',
    ours: 'String!',
    mesh: 'query_getMuseumHours_oneOf_0_items_timeClose!',
    why: PATTERN,
  },
  { field: 'SpecialEvent.eventId', ours: 'String', mesh: 'UUID', why: FORMATS },
  { field: 'SpecialEvent.dates', ours: '[Date!]!', mesh: '[Date]!', why: ITEMS },
  { field: 'MuseumTicketsConfirmation.ticketId', ours: 'String', mesh: 'UUID', why: FORMATS },
  { field: 'MuseumTicketsConfirmation.eventId', ours: 'String', mesh: 'UUID', why: FORMATS },
];

// Enum and input type names differ by design (Mesh: `mutation_updatePet_status`, `Pet_Input`;
// ours: `PetStatus` after the schema that declares it, `PetInput`), so enums compare by values.
describe.each([
  [
    'Petstore 3.0',
    PETSTORE,
    ['Query', 'Mutation', 'Pet', 'Category', 'Tag', 'Order', 'User', 'ApiResponse'],
    DIFFERENCES,
  ],
  [
    'museum 3.1',
    MUSEUM,
    ['Query', 'Mutation', 'MuseumDailyHours', 'SpecialEvent', 'MuseumTicketsConfirmation'],
    MUSEUM_DIFFERENCES,
  ],
])(
  'GraphQL Mesh (@omnigraph/openapi) as an oracle on %s',
  (_name, document, objectTypes, expected) => {
    it('maps the same types and fields; each difference is listed with why ours is right', async () => {
      const mesh = await loadGraphQLSchemaFromOpenAPI('oracle', {
        source: document,
        cwd: '/',
        endpoint: 'http://127.0.0.1',
      });
      const { sdl } = await generateSubgraph([{ name: 'oracle', document }]);
      const ours = buildASTSchema(parse(sdl.replace(/^extend schema .*$/m, '')), {
        assumeValidSDL: true,
      });
      const theirs = fieldsOf(mesh, objectTypes);
      const mine = fieldsOf(ours, objectTypes);
      expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
      const byField = (a: { field: string }, b: { field: string }) =>
        a.field.localeCompare(b.field);
      const differences = [...mine]
        .filter(([field, type]) => theirs.get(field) !== type)
        .map(([field, type]) => ({ field, ours: type, mesh: theirs.get(field) }))
        .sort(byField);
      const explained = expected.map(({ why: _why, ...difference }) => difference).sort(byField);
      expect(differences).toEqual(explained);
    });
  },
);
