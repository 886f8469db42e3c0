import { SignJWT, jwtVerify, errors } from 'jose';
import { LRUCache } from 'lru-cache';
import { isUuid } from '@commerce/service';

export type TokenConfig = {
  /** At least 32 bytes (HS256); shorter secrets are refused. */
  secret: string;
  issuer: string;
  audience: string;
  /** Lifetime of signed tokens; services that only verify may leave it out. */
  ttlSeconds?: number;
};

/**
 * Bounds on the time claims of every token verified: no lifetime (`exp - iat`) and no age
 * (`now - iat`) beyond a day, and no `iat` in the future beyond the clock skew tolerated
 * between the signing and the verifying host. A stolen or forged long-lived token is
 * worth a day at most, whatever its `exp` says.
 */
export const TOKEN_LIMITS = {
  maxLifetimeSeconds: 24 * 3600,
  clockSkewSeconds: 60,
} as const;

export type AccessTokenClaims = { userId: string; username: string };

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

const ALGORITHM = 'HS256';

/** Verified tokens remembered at once, most recently used kept. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Access tokens: HS256 JWTs. Verification pins the algorithm (so `alg: none` and HS512
 * are refused), requires `exp`, `iat`, `sub` (a user id: a UUID), the issuer and the
 * audience, and holds `iat` and `exp` to TOKEN_LIMITS.
 *
 * A token that verified is remembered until its `exp` (keyed by the whole token, signature
 * included, so no other string can match it): a client sends the same token with every
 * request for its lifetime, and jose's HS256 check goes through an async WebCrypto job
 * each time (a visible share of the orders subgraph's CPU under placeOrder load). Nothing revokes a
 * token before `exp` here, so remembering it changes no answer.
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly verified = new LRUCache<string, AccessTokenClaims>({
    max: VERIFIED_CACHE_SIZE,
  });

  constructor(private readonly config: TokenConfig) {
    this.key = new TextEncoder().encode(config.secret);
    if (this.key.byteLength < 32) {
      throw new Error('JWT secret must be at least 32 bytes');
    }
    if ((config.ttlSeconds ?? 0) > TOKEN_LIMITS.maxLifetimeSeconds) {
      throw new Error(`token lifetime may not exceed ${TOKEN_LIMITS.maxLifetimeSeconds} seconds`);
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
    const known = this.verified.get(token);
    if (known) return known;
    return this.verifySignature(token);
  }

  private async verifySignature(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      // Checked here, not with jose's maxTokenAge and clockTolerance: the tolerance would
      // stretch `exp` too, and only `iat` needs it.
      const { iat, exp } = payload as { iat: unknown; exp: number };
      const now = Date.now() / 1000;
      if (typeof iat !== 'number' || iat > now + TOKEN_LIMITS.clockSkewSeconds) {
        throw new InvalidTokenError('issued in the future');
      }
      if (exp - iat > TOKEN_LIMITS.maxLifetimeSeconds || now - iat > TOKEN_LIMITS.maxLifetimeSeconds) {
        throw new InvalidTokenError('lifetime too long');
      }
      if (typeof payload.sub !== 'string' || !isUuid(payload.sub)) {
        throw new InvalidTokenError('subject is not a user id');
      }
      if (typeof payload['username'] !== 'string') {
        throw new InvalidTokenError('missing username');
      }
      const claims = { userId: payload.sub, username: payload['username'] };
      // The entry goes stale the moment the token expires.
      const ttl = exp * 1000 - Date.now();
      if (ttl > 0) this.verified.set(token, claims, { ttl });
      return claims;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw new InvalidTokenError('malformed');
    }
  }
}

/**
 * The TokenService of a service configuration that spreads `env.jwt()` (and, for the
 * service that signs, `JWT_TTL_SECONDS`): every service signs or verifies with the same
 * secret, issuer and audience.
 */
export function tokenServiceOf(config: {
  JWT_SECRET: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWT_TTL_SECONDS?: number;
}): TokenService {
  return new TokenService({
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ...(config.JWT_TTL_SECONDS === undefined ? {} : { ttlSeconds: config.JWT_TTL_SECONDS }),
  });
}

/** The token from an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
