import { ErrorCode, apiError } from './errors';

export type PageArgs = { first?: number | null; after?: string | null };
export type Page = { take: number; after?: string };

export const PAGE_SIZE = { default: 50, max: 100 } as const;

/**
 * Every list is bounded: `first` defaults to 50 and may not exceed 100. `after` is the id
 * of the last item of the previous page (keyset pagination, stable under inserts).
 */
export function toPage(args: PageArgs, limits: { default: number; max: number } = PAGE_SIZE): Page {
  const take = args.first ?? limits.default;
  if (!Number.isInteger(take) || take < 1 || take > limits.max) {
    throw apiError(ErrorCode.INVALID_PAGINATION, `first must be between 1 and ${limits.max}`, {
      field: 'first',
    });
  }
  return args.after ? { take, after: args.after } : { take };
}
