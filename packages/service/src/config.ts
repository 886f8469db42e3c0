import { z } from 'zod';
import type { HttpSettings } from './http';

/**
 * Configuration is parsed once, at start-up, into a typed object. Nothing else in the
 * repo reads process.env: each app declares its variables as a zod schema and calls
 * `loadConfig`, which reports every bad variable at once instead of the first one.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** For index.ts files: a bad configuration ends the process with one clear message. */
export function loadConfig<S extends z.ZodType>(schema: S, service: string): z.infer<S> {
  try {
    return parseConfig(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Reusable pieces of the apps' environment schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  host: () => z.string().min(1).default('127.0.0.1'),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  postgresUrl: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgresql:// URL'),
  redisUrl: () =>
    z
      .string()
      .default('redis://127.0.0.1:6379')
      .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// URL'),
  kafkaBrokers: () =>
    z
      .string()
      .default('127.0.0.1:9092')
      .transform((list) => list.split(',').map((broker) => broker.trim()))
      .refine((list) => list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'must be host:port[,host:port]'),
  /**
   * Prefix of the product cache's keys in Redis: products-subgraph, the worker and the
   * gateway (whose response cache reads the catalogue's generation) must agree on it.
   */
  redisKeyPrefix: () => z.string().default(''),
  /** The bus: every service that produces or consumes reads these two. */
  kafka: (groupId: string) => ({
    KAFKA_BROKERS: env.kafkaBrokers(),
    /** Prefix of every topic name (tests isolate themselves with a unique one). */
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    KAFKA_GROUP_ID: z.string().min(1).default(groupId),
  }),
  /** Access tokens: the users subgraph signs them, the others verify them, with these. */
  jwt: () => ({
    JWT_SECRET: env.jwtSecret(),
    JWT_ISSUER: z.string().min(1).default('commerce-users'),
    JWT_AUDIENCE: z.string().min(1).default('commerce'),
  }),
  /** HS256 needs a key at least as long as the hash: refuse to start with a short one. */
  jwtSecret: () =>
    z
      .string({ error: 'is required' })
      .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes'),
  /**
   * What every service process reads: its environment, log level, where it listens, and
   * (env.http) its private metrics listener and client timeouts.
   */
  service: (port: number, metricsPort: number) => ({
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    HOST: env.host(),
    PORT: env.port(port),
    ...env.http(metricsPort),
  }),
  /**
   * The HTTP shell's settings (http.ts: createHttpServer, listenMetrics): client timeouts
   * and the private metrics listener, by default on loopback at the service's own port.
   */
  http: (metricsPort: number) => ({
    METRICS_HOST: env.host(),
    METRICS_PORT: env.port(metricsPort),
    HTTP_HEADERS_TIMEOUT_MS: milliseconds(10_000),
    HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(65_000),
    HTTP_CONNECTION_TIMEOUT_MS: milliseconds(120_000),
  }),
  apiSecret: () =>
    z
      .string({ error: 'is required' })
      .refine((s) => Buffer.byteLength(s, 'utf8') >= 16, 'must be at least 16 bytes'),
};

const milliseconds = (fallback: number) =>
  z.coerce.number().int().min(1).max(3_600_000).default(fallback);

type HttpEnv = { [Key in keyof ReturnType<typeof env.http>]: z.infer<ReturnType<typeof env.http>[Key]> };

/** The HTTP settings of a parsed configuration that spread `env.http(...)`. */
export function httpSettings(config: HttpEnv): HttpSettings {
  return {
    metricsHost: config.METRICS_HOST,
    metricsPort: config.METRICS_PORT,
    // Node refuses a header deadline past the whole request's.
    headersTimeoutMs: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeoutMs: config.HTTP_CONNECTION_TIMEOUT_MS,
  };
}
