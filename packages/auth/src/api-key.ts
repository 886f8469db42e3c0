import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares an `x-api-key` with the admin secret in constant time. Both sides are hashed
 * first so that keys of different lengths take the same time as equal-length ones.
 */
export function apiKeyMatches(provided: string | undefined, expected: string): boolean {
  if (provided === undefined) return false;
  const a = createHash('sha256').update(provided).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
