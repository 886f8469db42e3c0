import { PrismaPg } from '@prisma/adapter-pg';

export interface DatabaseClientOptions {
  /** Connections in the pg pool (pg's default: 10). */
  poolSize?: number;
}

/** The pg driver adapter every generated client runs on (Prisma 7 has no query engine binary). */
export function pgAdapter(databaseUrl: string, { poolSize }: DatabaseClientOptions = {}): PrismaPg {
  return new PrismaPg({
    connectionString: databaseUrl,
    ...(poolSize === undefined ? {} : { max: poolSize }),
  });
}
