import { z } from 'zod';
import { ConfigError, env, httpSettings, parseConfig } from './config';
import { DEFAULT_HTTP_SETTINGS } from './http';

const schema = z.object({
  PORT: env.port(4000),
  JWT_SECRET: env.jwtSecret(),
  KAFKA_BROKERS: env.kafkaBrokers(),
  DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/x'),
});

describe('parseConfig', () => {
  it('applies defaults and coerces', () => {
    const config = parseConfig(schema, { JWT_SECRET: 'x'.repeat(32), PORT: '5000' });
    expect(config).toEqual({
      PORT: 5000,
      JWT_SECRET: 'x'.repeat(32),
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
    });
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig(schema, {
        JWT_SECRET: 'short',
        PORT: 'eighty',
        KAFKA_BROKERS: 'nohost',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^JWT_SECRET: must be at least 32 bytes$/m);
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^KAFKA_BROKERS: must be host:port/m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgresql:\/\/ URL$/m);
  });

  it('says a missing secret is required', () => {
    expect(() => parseConfig(schema, {})).toThrow(/JWT_SECRET: is required/);
  });
});

describe('env.http and httpSettings', () => {
  const http = z.object(env.http(9401));

  it('defaults to the shell defaults, metrics on loopback at the given port', () => {
    expect(httpSettings(parseConfig(http, {}))).toEqual({ ...DEFAULT_HTTP_SETTINGS, metricsPort: 9401 });
  });

  it('keeps the header deadline within the whole request', () => {
    const settings = httpSettings(
      parseConfig(http, { HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '5000' }),
    );
    expect(settings).toMatchObject({ headersTimeoutMs: 5_000, requestTimeoutMs: 5_000 });
  });

  it('refuses a timeout of 0 (which would turn it off)', () => {
    expect(() => parseConfig(http, { HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });
});
