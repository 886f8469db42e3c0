import { ErrorCode, apiError } from '@commerce/service';
import { apiKeyMatches } from './api-key';
import { InvalidTokenError, bearerToken, type AccessTokenClaims, type TokenService } from './tokens';

export type RequestCredentials = {
  authorization?: string | undefined;
  apiKey?: string | undefined;
};

/**
 * Who is calling, decided lazily: a request that never touches a protected field pays
 * for no token verification, and a stale token does not break public operations.
 */
export class RequestAuth {
  private viewerPromise: Promise<AccessTokenClaims | null> | undefined;

  constructor(
    private readonly credentials: RequestCredentials,
    private readonly tokens?: TokenService,
    private readonly apiSecret?: string,
  ) {}

  /** The admin key was sent and is right. */
  get isAdmin(): boolean {
    return this.apiSecret !== undefined && apiKeyMatches(this.credentials.apiKey, this.apiSecret);
  }

  requireAdmin(): void {
    if (this.credentials.apiKey === undefined) {
      throw apiError(ErrorCode.UNAUTHENTICATED, 'this operation needs the x-api-key header');
    }
    if (!this.isAdmin) throw apiError(ErrorCode.FORBIDDEN, 'x-api-key is not valid');
  }

  /** The token's user, null without a token; an invalid token is UNAUTHENTICATED. */
  viewer(): Promise<AccessTokenClaims | null> {
    this.viewerPromise ??= this.verify();
    return this.viewerPromise;
  }

  async requireViewer(): Promise<AccessTokenClaims> {
    const viewer = await this.viewer();
    if (!viewer) {
      throw apiError(ErrorCode.UNAUTHENTICATED, 'this operation needs "Authorization: Bearer <token>"');
    }
    return viewer;
  }

  private async verify(): Promise<AccessTokenClaims | null> {
    const token = bearerToken(this.credentials.authorization);
    if (token === undefined) {
      if (this.credentials.authorization) {
        throw apiError(ErrorCode.UNAUTHENTICATED, 'Authorization must be "Bearer <token>"');
      }
      return null;
    }
    if (!this.tokens) throw new Error('RequestAuth has no TokenService to verify tokens with');
    try {
      return await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw apiError(ErrorCode.UNAUTHENTICATED, 'access token is invalid or expired');
      }
      throw error;
    }
  }
}
