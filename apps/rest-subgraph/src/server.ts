import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Registry } from 'prom-client';
import { generateSubgraph, readSourcesFile } from '@commerce/openapi-subgraph';
import { createSubgraph, httpSettings, type Logger, type Subgraph } from '@commerce/service';
import { restSources, type RestConfig } from './config';
import { createContext, type Context } from './context';
import { PlanExecutor } from './plan-executor';
import { planResolvers } from './plan-resolvers';
import { RestClient } from './rest-client';

export type RestSubgraphDeps = {
  config: RestConfig;
  logger: Logger;
  metrics?: Registry;
  /** Where the sources' `baseUrlEnv` variables are read (process.env in index.ts). */
  variables?: Record<string, string | undefined>;
};

/** The SDL served: `schema.graphql` beside the sources file, the one `npm run openapi:sdl -- --write` writes. */
export function schemaPathOf(sourcesFile: string): string {
  return join(dirname(sourcesFile), 'schema.graphql');
}

/**
 * Builds the rest-subgraph (no listen): generates SDL and plan from the sources, refuses to
 * start when the committed schema.graphql is not what they generate (the supergraph was
 * composed from that file), and answers every field by the plan.
 */
export async function buildRestSubgraph({
  config,
  logger,
  metrics,
  variables,
}: RestSubgraphDeps): Promise<Subgraph> {
  const entries = await readSourcesFile(config.OPENAPI_SOURCES);
  const sources = restSources(entries, variables);
  const { sdl, plan, warnings } = await generateSubgraph(entries);
  for (const warning of warnings) logger.warn({ warning }, 'OpenAPI construct not mapped');
  const schemaPath = schemaPathOf(config.OPENAPI_SOURCES);
  if (readFileSync(schemaPath, 'utf8').trimEnd() !== sdl.trimEnd()) {
    throw new Error(
      `${schemaPath} is not the SDL its sources generate: run \`npm run openapi:sdl -- --write\`, then \`npm run compose\``,
    );
  }
  const client = new RestClient(new Map(sources.map((source) => [source.name, source])), {
    timeoutMs: config.REST_TIMEOUT_MS,
    connections: config.REST_CONNECTIONS,
    maxResponseBytes: config.REST_MAX_RESPONSE_BYTES,
    logger,
  });
  const executor = new PlanExecutor(plan, client, config.REST_LINK_CONCURRENCY, logger);
  const subgraph = await createSubgraph<Context>({
    name: 'rest',
    schemaPath,
    resolvers: planResolvers(plan, executor),
    logger,
    production: config.NODE_ENV === 'production',
    // The REST services' health is theirs: a field whose service is down is a field error.
    readiness: [],
    http: httpSettings(config),
    ...(metrics ? { metrics } : {}),
    context: async (request) => createContext(request.headers, sources),
  });
  subgraph.app.addHook('onClose', () => client.close());
  return subgraph;
}
