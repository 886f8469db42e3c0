import { adminKey, Shop, type GraphQLClient } from '@commerce/testing';
import { TEST_SECRETS } from './config';

export const ADMIN = adminKey(TEST_SECRETS.API_SECRET);

/** The shop client over a test system's gateway (or another gateway), with the tests' admin key. */
export const shopOver = (gateway: GraphQLClient) => new Shop(gateway, ADMIN);

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
