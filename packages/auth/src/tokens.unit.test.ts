import { SignJWT, UnsecuredJWT } from 'jose';
import { InvalidTokenError, TOKEN_LIMITS, TokenService, bearerToken } from './tokens';

const ADA = '0b7c3f5e-8a1d-4c2e-9f60-1d2e3f4a5b6c';
const EVE = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

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
    const token = await tokens.sign({ userId: ADA, username: 'ada' });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: ADA, username: 'ada' });
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new TokenService({ ...config, secret: 'short' })).toThrow(/32 bytes/);
  });

  it('rejects alg none', async () => {
    const token = new UnsecuredJWT({ username: 'ada' })
      .setSubject(ADA)
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
      .setSubject(ADA)
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    await expectRejected(token);
  });

  it('rejects expired, wrong audience, wrong issuer, missing exp, future nbf', async () => {
    const base = () =>
      new SignJWT({ username: 'ada' }).setProtectedHeader({ alg: 'HS256' }).setSubject(ADA);
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

  describe('time claims and subject', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const DAY = TOKEN_LIMITS.maxLifetimeSeconds;
    const signed = (iat: number, exp: number, sub = ADA) =>
      new SignJWT({ username: 'ada' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);

    it('rejects a token issued in the future beyond the clock skew', async () => {
      await expectRejected(await signed(now() + 365 * DAY, now() + 365 * DAY + 3600));
      await expectRejected(await signed(now() + TOKEN_LIMITS.clockSkewSeconds + 30, now() + 3600));
    });

    it('accepts an iat a little ahead, within the clock skew', async () => {
      const token = await signed(now() + 10, now() + 3600);
      await expect(tokens.verify(token)).resolves.toEqual({ userId: ADA, username: 'ada' });
    });

    it('rejects a lifetime over the maximum (a 10-year exp, one second over a day)', async () => {
      await expectRejected(await signed(now(), now() + 10 * 365 * DAY));
      await expectRejected(await signed(now() - 10, now() - 10 + DAY + 1));
    });

    it('accepts a lifetime of exactly the maximum', async () => {
      const token = await signed(now() - 10, now() - 10 + DAY);
      await expect(tokens.verify(token)).resolves.toEqual({ userId: ADA, username: 'ada' });
    });

    it('rejects a token older than the maximum lifetime', async () => {
      await expectRejected(await signed(now() - 2 * DAY, now() + 3600));
    });

    it.each([['u1'], [''], ['not-a-uuid'], [`${ADA}x`], ["1' OR '1'='1"]])(
      'rejects a subject that is not a user id: %j',
      async (sub) => {
        await expectRejected(await signed(now(), now() + 3600, sub));
      },
    );

    it('refuses to sign with a lifetime over the maximum', () => {
      expect(() => new TokenService({ ...config, ttlSeconds: DAY + 1 })).toThrow(/lifetime/);
    });
  });

  it('rejects a tampered payload', async () => {
    const token = await tokens.sign({ userId: ADA, username: 'ada' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: EVE, username: 'eve' })).toString('base64url');
    await expectRejected(`${header}.${forged}.${signature}`);
  });

  it('remembers a verified token only until it expires', async () => {
    const shortLived = new TokenService({ ...config, ttlSeconds: 1 });
    const token = await shortLived.sign({ userId: ADA, username: 'ada' });
    await expect(shortLived.verify(token)).resolves.toEqual({ userId: ADA, username: 'ada' });
    await expect(shortLived.verify(token)).resolves.toEqual({ userId: ADA, username: 'ada' });
    // exp is in whole seconds: past it, the remembered answer is gone and jose refuses it.
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp;
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(shortLived.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  // Same header and signature as a remembered token: a cache keyed by less than the whole
  // token (the signature, the subject) would let this through.
  it('does not let a tampered copy of a remembered token through', async () => {
    const token = await tokens.sign({ userId: ADA, username: 'ada' });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: ADA, username: 'ada' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: EVE, username: 'eve' })).toString('base64url');
    await expectRejected(`${header}.${forged}.${signature}`);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
