import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, env } from '@commerce/service';
import type { SourcesFileEntry } from '@commerce/openapi-subgraph';

export const restConfigSchema = z.object({
  ...env.service(4008, 9408),
  /** The sources file (sources.yaml's format); the subgraph serves the schema.graphql beside it. */
  OPENAPI_SOURCES: z
    .string()
    .min(1)
    .default(join(__dirname, '..', 'sources.yaml')),
  /** Each REST call's deadline: to connect, to get the headers, and between body chunks. */
  REST_TIMEOUT_MS: z.coerce.number().int().min(1).max(120_000).default(5_000),
  /** Keep-alive connections per REST service (undici Pool). */
  REST_CONNECTIONS: z.coerce.number().int().min(1).max(1_024).default(32),
  /** Links of one link list followed at once. */
  REST_LINK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** The largest REST answer read; a larger one is an upstream failure. */
  REST_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1_024).default(1_000_000),
});

export type RestConfig = z.infer<typeof restConfigSchema>;

/** A source as the runtime calls it. */
export type RestSource = {
  name: string;
  /** Without a trailing slash: the operations' paths start with one. */
  baseUrl: string;
  /** Lower-case names of the incoming headers sent on to this source. */
  forwardHeaders: string[];
};

const settingsSchema = z.object({
  baseUrl: z.url().optional(),
  baseUrlEnv: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .optional(),
  forwardHeaders: z.array(z.string().regex(/^[A-Za-z0-9-]+$/)).default([]),
});

/**
 * Each source's base URL (the variable its `baseUrlEnv` names, else its `baseUrl`) and the
 * headers to forward; every problem of every source in one ConfigError.
 */
export function restSources(
  entries: SourcesFileEntry[],
  variables: Record<string, string | undefined> = process.env,
): RestSource[] {
  const problems: string[] = [];
  const sources = entries.map((entry) => {
    const parsed = settingsSchema.safeParse(entry.settings);
    if (!parsed.success) {
      problems.push(`${entry.name}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
      return undefined;
    }
    const { baseUrl, baseUrlEnv, forwardHeaders } = parsed.data;
    const fromEnv = baseUrlEnv ? variables[baseUrlEnv] : undefined;
    const url = fromEnv || baseUrl;
    if (!url || !z.url({ protocol: /^https?$/ }).safeParse(url).success) {
      problems.push(
        `${baseUrlEnv ?? entry.name}: ${fromEnv ? 'must be an http(s) URL' : 'no base URL (set it or baseUrl in the sources file)'}`,
      );
      return undefined;
    }
    return {
      name: entry.name,
      baseUrl: url.replace(/\/+$/, ''),
      forwardHeaders: forwardHeaders.map((header) => header.toLowerCase()),
    };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return sources.filter((source): source is RestSource => source !== undefined);
}
