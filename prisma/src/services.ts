/** The services that own a database, each with `prisma/<service>/schema.prisma` and `migrations/`. */
export const SERVICES = ['users', 'products', 'orders', 'reviews'] as const;

export type Service = (typeof SERVICES)[number];

/** The environment variable that holds a service's database URL. */
export const DATABASE_URL_VARIABLES: Readonly<Record<Service, string>> = {
  users: 'USERS_DATABASE_URL',
  products: 'PRODUCTS_DATABASE_URL',
  orders: 'ORDERS_DATABASE_URL',
  reviews: 'REVIEWS_DATABASE_URL',
};

/** The local development database of a service (trust auth on 127.0.0.1). */
export function defaultDatabaseUrl(service: Service): string {
  return `postgresql://postgres@127.0.0.1:5432/commerce_${service}`;
}

/** The service's URL from `env` (`USERS_DATABASE_URL`, ...), else the local default. */
export function databaseUrlFromEnv(service: Service, env: NodeJS.ProcessEnv = process.env): string {
  return env[DATABASE_URL_VARIABLES[service]] || defaultDatabaseUrl(service);
}

export function isService(value: string): value is Service {
  return (SERVICES as readonly string[]).includes(value);
}
