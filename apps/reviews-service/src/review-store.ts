import type { Review, ReviewsPrismaClient } from '@commerce/db/reviews';
import { RestError } from './rest-errors';
import type { Paging, ReviewDraft } from './review-rules';

/** The review as the API shows it (openapi.yaml `Review`). */
export type ReviewBody = {
  id: string;
  productKey: string;
  rating: number;
  text: string;
  authorId: string;
  createdAt: string;
};

const UNIQUE_VIOLATION = 'P2002';

/** The reviews table: every query of the service, and the one place rows become API bodies. */
export class ReviewStore {
  constructor(private readonly db: ReviewsPrismaClient) {}

  async get(id: string): Promise<ReviewBody | null> {
    const row = await this.db.review.findUnique({ where: { id } });
    return row ? bodyOf(row) : null;
  }

  /** One page of a product's review ids, newest first (ties by id, so pages never overlap), and the total. */
  async page(
    productKey: string,
    { offset, amount }: Paging,
  ): Promise<{ ids: string[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.db.review.findMany({
        where: { productKey },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: offset,
        take: amount,
        select: { id: true },
      }),
      this.db.review.count({ where: { productKey } }),
    ]);
    return { ids: rows.map((row) => row.id), total };
  }

  /** Inserts the review; the unique (product, author) index refuses a second one with REVIEW_EXISTS. */
  async create(productKey: string, authorId: string, draft: ReviewDraft): Promise<ReviewBody> {
    try {
      const row = await this.db.review.create({ data: { productKey, authorId, ...draft } });
      return bodyOf(row);
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
        throw new RestError('REVIEW_EXISTS', 'you have reviewed this product already');
      }
      throw error;
    }
  }
}

function bodyOf(row: Review): ReviewBody {
  return {
    id: row.id,
    productKey: row.productKey,
    rating: row.rating,
    text: row.text,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
  };
}
