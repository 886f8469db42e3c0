import { SignJWT, UnsecuredJWT } from 'jose';
import { InvalidTokenError, TokenService, bearerToken } from './tokens';

const config = {
  secret: 'a-test-secret-that-is-at-least-32-bytes-long',
  issuer: 'commerce-users',
  audience: 'commerce',
  ttlSeconds: 60,
};
const key = new TextEncoder().encode(config.secret);
const tokens = new TokenService(config);

async function expectRejected(token: string) {
  await expect(tokens.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
}

describe('TokenService', () => {
  it('round-trips a token it signed', async () => {
    const token = await tokens.sign({ userId: 'u1', username: 'ada' });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: 'u1', username: 'ada' });
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new TokenService({ ...config, secret: 'short' })).toThrow(/32 bytes/);
  });

  it('rejects alg none', async () => {
    const token = new UnsecuredJWT({ username: 'ada' })
      .setSubject('u1')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    await expectRejected(token);
  });

  it('rejects HS512 signed with the same secret', async () => {
    const token = await new SignJWT({ username: 'ada' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u1')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    await expectRejected(token);
  });

  it('rejects expired, wrong audience, wrong issuer, missing exp, future nbf', async () => {
    const base = () =>
      new SignJWT({ username: 'ada' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1');
    await expectRejected(
      await base()
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(key),
    );
    await expectRejected(
      await base()
        .setIssuer(config.issuer)
        .setAudience('other')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key),
    );
    await expectRejected(
      await base()
        .setIssuer('evil')
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key),
    );
    await expectRejected(
      await base().setIssuer(config.issuer).setAudience(config.audience).setIssuedAt().sign(key),
    );
    await expectRejected(
      await base()
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setNotBefore('1h')
        .setExpirationTime('2h')
        .sign(key),
    );
  });

  it('rejects a tampered payload', async () => {
    const token = await tokens.sign({ userId: 'u1', username: 'ada' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u2', username: 'eve' })).toString('base64url');
    await expectRejected(`${header}.${forged}.${signature}`);
  });

  it('remembers a verified token only until it expires', async () => {
    const shortLived = new TokenService({ ...config, ttlSeconds: 1 });
    const token = await shortLived.sign({ userId: 'u1', username: 'ada' });
    await expect(shortLived.verify(token)).resolves.toEqual({ userId: 'u1', username: 'ada' });
    await expect(shortLived.verify(token)).resolves.toEqual({ userId: 'u1', username: 'ada' });
    // exp is in whole seconds: past it, the remembered answer is gone and jose refuses it.
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp;
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(shortLived.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  // Same header and signature as a remembered token: a cache keyed by less than the whole
  // token (the signature, the subject) would let this through.
  it('does not let a tampered copy of a remembered token through', async () => {
    const token = await tokens.sign({ userId: 'u1', username: 'ada' });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: 'u1', username: 'ada' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u2', username: 'eve' })).toString('base64url');
    await expectRejected(`${header}.${forged}.${signature}`);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
