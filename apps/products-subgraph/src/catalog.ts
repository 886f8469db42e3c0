import type { Product, ProductsPrismaClient, ProductsTransaction } from '@commerce/db/products';
import type { RequestAuth } from '@commerce/auth';
import { sql } from '@commerce/db/sql';
import { createEvent, insertOutbox, type EventContext } from '@commerce/events';
import type { CachedProduct, ProductCache } from '@commerce/product-cache';
import { ErrorCode, apiError, isUuid, requireInput, type Page } from '@commerce/service';
import { LIMITS, checkName, checkPrice, checkQuantity } from './product-input';

export type NewProduct = { name: string; price: number; quantity: number };
export type ProductUpdate = { name?: string | null; price?: number | null };

const SOURCE = 'products-subgraph';

/**
 * The catalogue: reads (public) through the Redis cache; writes (admin only) to Postgres
 * with a `ProductChanged` event in the same transaction, then invalidates the cache.
 */
export class Catalog {
  constructor(
    private readonly db: ProductsPrismaClient,
    private readonly cache: ProductCache,
  ) {}

  /** How long a reader may keep a catalogue read: as long as the product cache does. */
  get cacheSeconds(): number {
    return this.cache.ttlSeconds;
  }

  async byId(id: string): Promise<CachedProduct | null> {
    if (!isUuid(id)) return null;
    const { value } = await this.cache.product(id, async () => {
      const row = await this.db.product.findUnique({ where: { id } });
      return row && toCached(row);
    });
    return value;
  }

  byIds(ids: readonly string[]): Promise<(CachedProduct | null)[]> {
    return this.cache.products(ids, async (missing) => {
      const valid = missing.filter(isUuid);
      if (valid.length === 0) return [];
      const rows = await this.db.product.findMany({ where: { id: { in: valid } } });
      return rows.map(toCached);
    });
  }

  async list(page: Page): Promise<CachedProduct[]> {
    if (page.after !== undefined && !isUuid(page.after)) return [];
    const { value } = await this.cache.productList(`${page.take}:${page.after ?? ''}`, async () => {
      const rows = await this.db.product.findMany({
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: page.take,
        ...(page.after ? { cursor: { id: page.after }, skip: 1 } : {}),
      });
      return rows.map(toCached);
    });
    return value;
  }

  async create(
    auth: RequestAuth,
    rawInput: NewProduct | null | undefined,
    context: EventContext,
  ): Promise<CachedProduct> {
    auth.requireAdmin();
    const input = requireInput(rawInput);
    const data = {
      name: checkName(input.name),
      priceCents: checkPrice(input.price),
      quantity: checkQuantity(input.quantity, LIMITS.stock),
    };
    const product = await this.db.$transaction(async (tx) => {
      const created = await tx.product.create({ data });
      await tx.$executeRaw(insertOutbox([changedEvent(created, 'CREATED', context)]));
      return created;
    });
    await this.cache.invalidate([product.id]);
    return toCached(product);
  }

  async update(
    auth: RequestAuth,
    id: string,
    input: ProductUpdate,
    context: EventContext,
  ): Promise<CachedProduct> {
    auth.requireAdmin();
    const data = {
      ...(input.name != null ? { name: checkName(input.name) } : {}),
      ...(input.price != null ? { priceCents: checkPrice(input.price) } : {}),
    };
    return this.write(id, context, 'UPDATED', (tx) => tx.product.update({ where: { id }, data }));
  }

  async restock(
    auth: RequestAuth,
    id: string,
    quantity: number,
    context: EventContext,
  ): Promise<CachedProduct> {
    auth.requireAdmin();
    checkQuantity(quantity, LIMITS.restock);
    return this.write(id, context, 'RESTOCKED', async (tx) => {
      // One statement checks the maximum and adds: concurrent restocks queue on the row
      // lock and each re-checks against the stock the one before left (a read first,
      // then an increment, would let every one of them pass the check).
      const restocked = await tx.$executeRaw(sql`
        UPDATE products SET quantity = quantity + ${quantity}, updated_at = now()
        WHERE id = ${id}::uuid AND quantity + ${quantity} <= ${LIMITS.stock.max}`);
      // P2025 (write's not-found) when there is no such product.
      const product = await tx.product.findUniqueOrThrow({ where: { id } });
      if (restocked === 0) {
        throw apiError(
          ErrorCode.INVALID_QUANTITY,
          `stock may not exceed ${LIMITS.stock.max} units`,
          { field: 'quantity' },
        );
      }
      return product;
    });
  }

  private async write(
    id: string,
    context: EventContext,
    change: 'UPDATED' | 'RESTOCKED',
    apply: (tx: ProductsTransaction) => Promise<Product>,
  ): Promise<CachedProduct> {
    if (!isUuid(id)) throw notFound(id);
    let product: Product;
    try {
      product = await this.db.$transaction(async (tx) => {
        const changed = await apply(tx);
        await tx.$executeRaw(insertOutbox([changedEvent(changed, change, context)]));
        return changed;
      });
    } catch (error) {
      // P2025: the row to update does not exist.
      if ((error as { code?: string }).code === 'P2025') throw notFound(id);
      throw error;
    }
    await this.cache.invalidate([product.id]);
    return toCached(product);
  }
}

function notFound(id: string) {
  return apiError(ErrorCode.NOT_FOUND, `no product with id ${id}`, { field: 'id' });
}

function changedEvent(
  product: Product,
  change: 'CREATED' | 'UPDATED' | 'RESTOCKED',
  context: EventContext,
) {
  return createEvent('ProductChanged', {
    source: SOURCE,
    subject: product.id,
    data: {
      productId: product.id,
      change,
      name: product.name,
      priceCents: product.priceCents,
      quantity: product.quantity,
    },
    context,
  });
}

export function toCached(product: Product): CachedProduct {
  return {
    id: product.id,
    name: product.name,
    priceCents: product.priceCents,
    quantity: product.quantity,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
