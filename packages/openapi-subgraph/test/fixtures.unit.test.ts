import { join } from 'node:path';
import { generateSubgraph } from '../src';
import { composeWithSupergraph } from './compose';
import { definition } from './helpers';

const FIXTURES = join(__dirname, 'fixtures');

/**
 * Real published documents (see fixtures/README.md): each generates, composes with the
 * supergraph's subgraphs, and its warnings are listed here. Their types are prefixed, since
 * Petstore's User and Order would otherwise clash with the users and orders subgraphs' own.
 */
describe.each([
  [
    'petstore-3.0.yaml',
    'Petstore',
    ['UNSUPPORTED_BODY /paths/~1pet~1{petId}~1uploadImage/post/requestBody'],
  ],
  [
    'museum-3.1.yaml',
    'Museum',
    ['UNSUPPORTED_RESPONSE /paths/~1tickets~1{ticketId}~1qr/get/responses/200'],
  ],
  ['link-example-3.0.yaml', 'LinkExample', ['UNSUPPORTED_LINK /components/links/PullRequestMerge']],
  [
    'tictactoe-3.1.yaml',
    'TicTacToe',
    [
      'ENUM_VALUE_RENAMED /components/schemas/mark/enum',
      'ENUM_VALUE_RENAMED /components/schemas/winner/enum',
      'LINK_NOT_ON_OBJECT /paths/~1board~1{row}~1{column}/get/responses/200/links/markSquare',
    ],
  ],
  [
    'readme-3.0.json',
    'Readme',
    [
      'ENUM_VALUE_RENAMED /components/schemas/apply/properties/job/enum',
      'ENUM_VALUE_RENAMED /components/schemas/changelog/properties/type/enum',
      'UNION_IN_INPUT /components/schemas/docSchemaPost',
      'UNSUPPORTED_BODY /paths/~1api-specification/post/requestBody',
      'UNSUPPORTED_BODY /paths/~1api-specification~1{id}/put/requestBody',
    ],
  ],
  [
    'discriminators-3.0.json',
    'Discriminators',
    [
      'discriminator-with-mapping/patch/requestBody/content/application~1json/schema',
      'discriminator-with-no-mapping/patch/requestBody/content/application~1json/schema',
      'embedded-discriminator/patch/requestBody/content/application~1json/schema',
      'improper-discriminator-placement/patch/requestBody/content/application~1json/schema/properties/connector_properties',
      'mapping-of-schema-names/patch/requestBody/content/application~1json/schema',
      'mapping-with-duplicate-schemas/patch/requestBody/content/application~1json/schema',
      'nested-one-of-object-with-nested-one-of/patch/requestBody/content/application~1json/schema/properties/config',
      'oneof-allof-top-level-disc/patch/requestBody/content/application~1json/schema',
      'potentially-undefined-formData/post/requestBody/content/application~1json/schema',
    ].map((pointer) => `UNION_IN_INPUT /paths/~1${pointer}`),
  ],
  ['schema-circular-3.0.json', 'Circular', ['UNSUPPORTED_BODY /paths/~1circular/put/requestBody']],
])('%s', (file, prefix, expectedWarnings) => {
  const generated = generateSubgraph([
    {
      name: prefix.toLowerCase(),
      document: join(FIXTURES, file),
      options: {
        typePrefix: prefix,
        fieldPrefix: prefix.charAt(0).toLowerCase() + prefix.slice(1),
      },
    },
  ]);

  it('generates, with these warnings', async () => {
    const { warnings } = await generated;
    expect(warnings.map((w) => `${w.code} ${w.pointer}`)).toEqual(expectedWarnings);
  });

  it('composes with the users, products and orders subgraphs', async () => {
    const { sdl } = await generated;
    expect(composeWithSupergraph(sdl).errors).toEqual([]);
  });
});

describe('what the fixtures show', () => {
  it('Petstore: int64 ids as BigInt, required photoUrls, the status enum, separate inputs', async () => {
    const { sdl, plan } = await generateSubgraph([
      { name: 'petstore', document: join(FIXTURES, 'petstore-3.0.yaml') },
    ]);
    const pet = definition(sdl, 'Pet') ?? '';
    expect(pet).toContain('id: BigInt\n');
    expect(pet).toContain('photoUrls: [String!]!');
    expect(pet).toContain('status: PetStatus');
    expect(definition(sdl, 'PetInput')).toContain('category: CategoryInput');
    expect(plan.fields['Mutation.deletePet']?.parameters.map((p) => `${p.in} ${p.name}`)).toEqual([
      'header api_key',
      'path petId',
    ]);
  });

  it('link-example: its OpenAPI links become fields (owner, repositories, pull requests)', async () => {
    const { sdl, plan } = await generateSubgraph([
      { name: 'bitbucket', document: join(FIXTURES, 'link-example-3.0.yaml') },
    ]);
    expect(definition(sdl, 'Repository')).toContain('owner: User');
    expect(definition(sdl, 'User')).toContain('userRepositories: [Repository!]');
    // The declared link wins over the URL prefix /2.0/repositories/{username}/{slug}/pullrequests.
    expect(definition(sdl, 'Repository')).toContain('repositoryPullRequests(');
    expect(definition(sdl, 'Repository')).not.toContain(' pullrequests(');
    expect(plan.fields['User.userRepositories']?.parameters).toEqual([
      { in: 'path', name: 'username', value: { from: 'parent', pointer: '/username' } },
    ]);
  });

  it('schema-circular: a cycle of $refs (ZoneRules -> ZoneOffsetTransition -> ZoneOffset -> ZoneRules) maps to types that refer to each other', async () => {
    const { sdl } = await generateSubgraph([
      { name: 'circular', document: join(FIXTURES, 'schema-circular-3.0.json') },
    ]);
    expect(definition(sdl, 'ZoneRulesInput')).toContain(
      'transitions: [ZoneOffsetTransitionInput!]',
    );
    expect(definition(sdl, 'ZoneOffsetInput')).toContain('rules: ZoneRulesInput');
  });

  it('redoc demo: an invalid 3.0 document (additionalItems is not OpenAPI 3.0) fails with the pointer', async () => {
    await expect(
      generateSubgraph([{ name: 'redoc', document: join(FIXTURES, 'redoc-demo-3.0.yaml') }]),
    ).rejects.toMatchObject({
      code: 'INVALID_DOCUMENT',
      pointer: '/components/schemas/User/properties/addresses/additionalItems',
    });
  });
});
