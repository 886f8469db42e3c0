import { SignJWT, jwtVerify, errors } from 'jose';

export type TokenConfig = {
  /** At least 32 bytes (HS256); shorter secrets are refused. */
  secret: string;
  issuer: string;
  audience: string;
  /** Lifetime of signed tokens; services that only verify may leave it out. */
  ttlSeconds?: number;
};

export type AccessTokenClaims = { userId: string; username: string };

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

const ALGORITHM = 'HS256';

/**
 * Access tokens: HS256 JWTs. Verification pins the algorithm (so `alg: none` and HS512
 * are refused), and requires `exp`, `iat`, `sub`, the issuer and the audience.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(private readonly config: TokenConfig) {
    this.key = new TextEncoder().encode(config.secret);
    if (this.key.byteLength < 32) {
      throw new Error('JWT secret must be at least 32 bytes');
    }
  }

  async sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ username: claims.username })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.config.ttlSeconds ?? 3600}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (typeof payload.sub !== 'string' || typeof payload['username'] !== 'string') {
        throw new InvalidTokenError('missing subject or username');
      }
      return { userId: payload.sub, username: payload['username'] };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw new InvalidTokenError('malformed');
    }
  }
}

/** The token from an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
