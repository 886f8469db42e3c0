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
    expect(plan.fields['User.userRepositories']?.parameters).toEqual([
      { in: 'path', name: 'username', value: { from: 'parent', pointer: '/username' } },
    ]);
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
