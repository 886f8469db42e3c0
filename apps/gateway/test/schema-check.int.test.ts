import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { compose, readSupergraphConfig } from '../tools/compose';
import { checkSchema, type SchemaCheckOptions } from '../tools/schema-check/check';
import { formatReport } from '../tools/schema-check/report';

/**
 * schema:check over temp copies of the real subgraph schemas and client operations: the
 * repo's files are only read. The baseline is the copies composed as they are.
 */
const ROOT = join(__dirname, '..', '..', '..');
let dir: string;
let options: SchemaCheckOptions;

/** Writes a changed copy of a subgraph's schema and returns it as the proposal. */
function propose(subgraph: string, edit: (sdl: string) => string) {
  const original = readFileSync(join(dir, `${subgraph}.graphql`), 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  const file = join(dir, `${subgraph}.proposed.graphql`);
  writeFileSync(file, edited);
  return { ...options, proposed: { subgraph, file } };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  const sources = readSupergraphConfig(join(ROOT, 'supergraph.yaml'));
  const subgraphs: Record<string, unknown> = {};
  for (const source of sources) {
    writeFileSync(join(dir, `${source.name}.graphql`), source.sdl);
    subgraphs[source.name] = {
      routing_url: source.url,
      schema: { file: `./${source.name}.graphql` },
    };
  }
  writeFileSync(join(dir, 'supergraph.yaml'), stringify({ subgraphs }));
  const base = compose(readSupergraphConfig(join(dir, 'supergraph.yaml')));
  if (!base.ok) throw new Error(`the repo's schemas do not compose: ${base.errors.join('; ')}`);

  cpSync(join(ROOT, 'operations'), join(dir, 'operations'), { recursive: true });
  mkdirSync(join(dir, 'operations', 'profile-app'));
  writeFileSync(
    join(dir, 'operations', 'profile-app', 'Profile.graphql'),
    'query Profile {\n  me {\n    _id\n    username\n  }\n}\n',
  );
  options = {
    configPath: join(dir, 'supergraph.yaml'),
    baseSupergraphSdl: base.supergraphSdl,
    operationsDir: join(dir, 'operations'),
    root: dir,
    acceptedChangesPath: join(dir, 'schema-changes.accepted.json'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => rmSync(join(dir, 'schema-changes.accepted.json'), { force: true }));

describe('schema:check', () => {
  it('passes the schemas as they are', async () => {
    const result = await checkSchema(options);
    expect(result.ok).toBe(true);
    expect(result.changes).toMatchObject({ breaking: [], dangerous: [], safe: [] });
    expect(result.operations?.broken).toEqual([]);
    expect(result.operations?.checked).toBeGreaterThanOrEqual(10);
  });

  it('passes a purely additive change, listing it as safe', async () => {
    const result = await checkSchema(
      propose('users', (sdl) =>
        sdl.replace('  createdAt: String!\n', '  createdAt: String!\n  nickname: String\n'),
      ),
    );
    expect(result.ok).toBe(true);
    expect(result.changes?.breaking).toEqual([]);
    expect(result.changes?.safe).toEqual([
      expect.objectContaining({ type: 'FIELD_ADDED', path: 'User.nickname' }),
    ]);
    expect(formatReport(result)).toMatch(/^schema:check passed: .*1 safe change/m);
  });

  it('fails a field removal that a kept client operation uses, naming the operation', async () => {
    const result = await checkSchema(
      propose('users', (sdl) => sdl.replace(/(type User [^}]*?)  username: String!\n/, '$1')),
    );
    expect(result.ok).toBe(false);
    expect(result.changes?.breaking).toEqual([
      expect.objectContaining({ type: 'FIELD_REMOVED', path: 'User.username' }),
    ]);
    expect(result.operations?.broken).toContainEqual({
      file: join('operations', 'profile-app', 'Profile.graphql'),
      operation: 'query Profile',
      message: expect.stringContaining('Cannot query field "username" on type "User"'),
    });
    const report = formatReport(result);
    expect(report).toContain(
      "  FAIL      FIELD_REMOVED User.username: Field 'username' was removed from object type 'User'",
    );
    expect(report).toMatch(
      /^ {2}FAIL {6}operations\/profile-app\/Profile.graphql query Profile: Cannot query field "username" on type "User"/m,
    );
    expect(report).toMatch(/^schema:check FAILED: 1 breaking change, \d+ broken operations/m);
  });

  it('fails a change that does not compose, with the composition message', async () => {
    // orders redeclares the User entity's key with another type than users gives it.
    const result = await checkSchema(
      propose('orders', (sdl) =>
        sdl.replace(/(type User @key\(fields: "_id"\) \{\n {2}_id: )ID!/, '$1Int!'),
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.changes).toBeUndefined();
    expect(result.composition.errors).toEqual([
      expect.stringMatching(/^FIELD_TYPE_MISMATCH: .*"User\._id"/),
    ]);
    const report = formatReport(result);
    expect(report).toContain(`  FAIL      ${result.composition.errors[0]}`);
    expect(report).toMatch(/^schema:check FAILED: 1 composition error$/m);
  });

  it('passes a breaking change that schema-changes.accepted.json accepts, and shows it as accepted', async () => {
    const removal = propose('users', (sdl) =>
      sdl.replace(/(type User [^}]*?)  createdAt: String!\n/, '$1'),
    );
    expect((await checkSchema(removal)).ok).toBe(false);

    const reason = 'No client reads createdAt (operations/ and 30 days of gateway logs)';
    writeFileSync(
      options.acceptedChangesPath,
      JSON.stringify({
        accepted: [
          { type: 'FIELD_REMOVED', path: 'User.createdAt', reason },
          { type: 'FIELD_REMOVED', path: 'User.gone', reason: 'shipped long ago' },
        ],
      }),
    );
    const result = await checkSchema(removal);
    expect(result.ok).toBe(true);
    expect(result.changes?.breaking).toEqual([]);
    expect(result.changes?.accepted).toEqual([
      expect.objectContaining({ type: 'FIELD_REMOVED', path: 'User.createdAt', reason }),
    ]);
    const report = formatReport(result);
    expect(report).toContain(
      `  accepted  FIELD_REMOVED User.createdAt: Field 'createdAt' was removed from object type 'User' (reason: ${reason})`,
    );
    expect(report).toContain(
      '  note      accepted FIELD_REMOVED User.gone matches no change; remove it',
    );
    expect(report).toMatch(/^schema:check passed: 1 accepted breaking change/m);
  });

  it('refuses an acceptance without a reason', async () => {
    writeFileSync(
      options.acceptedChangesPath,
      JSON.stringify({
        accepted: [{ type: 'FIELD_REMOVED', path: 'User.createdAt', reason: ' ' }],
      }),
    );
    await expect(checkSchema(options)).rejects.toThrow(
      /every accepted breaking change needs a reason/,
    );
  });
});

describe('npm run schema:check (the CLI)', () => {
  const run = (args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'apps', 'gateway', 'scripts', 'schema-check.ts'), ...args],
      { cwd: ROOT },
    ).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('exits 1 on a breaking proposal for one subgraph and 0 on an additive one', async () => {
    // The working tree's own composition is the baseline, whatever HEAD holds.
    const base = compose(readSupergraphConfig(join(ROOT, 'supergraph.yaml')));
    if (!base.ok) throw new Error(base.errors.join('; '));
    writeFileSync(join(dir, 'base.graphql'), base.supergraphSdl);
    const users = readFileSync(join(ROOT, 'apps', 'users-subgraph', 'schema.graphql'), 'utf8');
    writeFileSync(
      join(dir, 'breaking.graphql'),
      users.replace(/(type User [^}]*?)  username: String!\n/, '$1'),
    );
    writeFileSync(
      join(dir, 'additive.graphql'),
      users.replace('type Query {\n', 'type Query {\n  ping: String\n'),
    );

    const breaking = await run([
      'users',
      join(dir, 'breaking.graphql'),
      '--base-file',
      join(dir, 'base.graphql'),
    ]);
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toContain('FAIL      FIELD_REMOVED User.username');
    expect(breaking.stdout).toMatch(
      /FAIL {6}operations\/\S+\.graphql query \w+: Cannot query field "username"/,
    );

    const additive = await run([
      'users',
      join(dir, 'additive.graphql'),
      '--base-file',
      join(dir, 'base.graphql'),
    ]);
    expect(additive.stdout).toContain('ok        FIELD_ADDED Query.ping');
    expect(additive.code).toBe(0);
  });
});
