import type { GraphQLError } from 'graphql';
import { ERRORS, type Logger } from '@commerce/service';

/** What a client may read of an upstream's message: no markup, no control characters, bounded. */
export const MAX_UPSTREAM_MESSAGE = 200;

export function sanitiseMessage(raw: string): string {
  const text = raw
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[#a-z0-9]+;/gi, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_UPSTREAM_MESSAGE ? `${text.slice(0, MAX_UPSTREAM_MESSAGE - 1)}…` : text;
}

/** The upstream's `{ code, message }` (or its text), when it gave one. */
function upstreamDetails(body: string): { message?: string; code?: string } {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; code?: unknown; error?: unknown };
    const message = [parsed.message, parsed.error].find((value) => typeof value === 'string');
    const code =
      typeof parsed.code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(parsed.code)
        ? parsed.code
        : undefined;
    return { ...(message ? { message: message as string } : {}), ...(code ? { code } : {}) };
  } catch {
    return body ? { message: body } : {};
  }
}

/**
 * A REST answer that is not a success, as the GraphQL error its field raises: 404 NOT_FOUND
 * (the field is null), 401 UNAUTHENTICATED, 403 FORBIDDEN, other 4xx BAD_USER_INPUT, each
 * with the upstream's message sanitised and its code in `details`; anything else (5xx, a
 * redirect) UPSTREAM_UNAVAILABLE, masked.
 */
export function errorOfStatus(
  source: string,
  status: number,
  body: string,
  logger: Logger,
): GraphQLError {
  if (status >= 400 && status < 500) {
    const { message, code } = upstreamDetails(body);
    const shown = sanitiseMessage(message ?? '') || `the ${source} service answered ${status}`;
    const details = { source, status, ...(code ? { upstreamCode: code } : {}) };
    const definition =
      status === 404
        ? ERRORS.NOT_FOUND
        : status === 401
          ? ERRORS.UNAUTHENTICATED
          : status === 403
            ? ERRORS.FORBIDDEN
            : ERRORS.BAD_USER_INPUT;
    return definition.err(shown, { details });
  }
  logger.warn({ source, status, body: body.slice(0, 500) }, 'REST service failed');
  return unavailable();
}

/** A refused connection, a timeout, an unreadable answer: logged in full, shown masked. */
export function errorOfFailure(source: string, error: unknown, logger: Logger): GraphQLError {
  logger.warn({ source, err: error }, 'REST service unreachable');
  return unavailable();
}

/** The one masked error of every upstream failure: what failed is in the log only. */
export function unavailable(): GraphQLError {
  return ERRORS.UPSTREAM_UNAVAILABLE.err(
    'A service this field needs is unavailable; retry shortly',
  );
}
