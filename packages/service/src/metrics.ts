import { Registry, collectDefaultMetrics } from 'prom-client';

/** A per-service registry with Node's default process metrics, labelled by service. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
