import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import {
  QueryPlanner,
  type FetchNode,
  type PlanNode,
  type QueryPlanSelectionNode,
} from '@apollo/query-planner';
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Sends one subgraph request and returns its parsed body. */
export type SubgraphCall = (
  serviceName: string,
  body: string,
) => Promise<{ data?: JsonObject | null; errors?: Json[] }>;

export type PlannedOperation = { plan: PlanNode | undefined; selection: SelectionSetNode };

/** The query planner of @apollo/gateway, on the same supergraph. */
export class Planner {
  private readonly supergraph: Supergraph;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, PlannedOperation>();

  constructor(supergraphSdl: string) {
    this.supergraph = Supergraph.build(supergraphSdl);
    this.planner = new QueryPlanner(this.supergraph);
  }

  plan(query: string): PlannedOperation {
    let planned = this.cache.get(query);
    if (!planned) {
      const document = parse(query);
      const operation = operationFromDocument(this.supergraph.apiSchema(), document);
      const definition = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      if (!definition) throw new Error('no operation in the query');
      const node = this.planner.buildQueryPlan(operation).node;
      if (node?.kind === 'Subscription')
        throw new Error('subscriptions are not supported by the floor');
      planned = { plan: node, selection: definition.selectionSet };
      this.cache.set(query, planned);
    }
    return planned;
  }
}

/**
 * Replays a query plan: each fetch in plan order (Parallel nodes concurrently), entity
 * representations built from the fetch's `requires` and de-duplicated, results merged into
 * one tree, then shaped to the client's selection. Covers what the bench's operations use
 * (fields, inline fragments); no rewrites, defer or conditions.
 */
export async function executePlan(
  planned: PlannedOperation,
  variables: JsonObject,
  call: SubgraphCall,
): Promise<{ data: Json; errors: Json[] }> {
  const root: JsonObject = {};
  const errors: Json[] = [];
  const run = async (node: PlanNode, path: (string | number)[]): Promise<void> => {
    switch (node.kind) {
      case 'Sequence':
        for (const child of node.nodes) await run(child, path);
        return;
      case 'Parallel':
        await Promise.all(node.nodes.map((child) => run(child, path)));
        return;
      case 'Flatten':
        return run(node.node, [...path, ...node.path]);
      case 'Fetch':
        return fetchInto(node, collect(root, path), variables, call, errors);
      default:
        throw new Error(`plan node ${node.kind} is not supported by the floor`);
    }
  };
  if (planned.plan) await run(planned.plan, []);
  return { data: shape(root, planned.selection), errors };
}

async function fetchInto(
  fetch: FetchNode,
  targets: JsonObject[],
  variables: JsonObject,
  call: SubgraphCall,
  errors: Json[],
): Promise<void> {
  const vars: JsonObject = {};
  for (const name of fetch.variableUsages ?? []) {
    const value = variables[name];
    if (value !== undefined) vars[name] = value;
  }
  if (!fetch.requires) {
    const body = await call(
      fetch.serviceName,
      JSON.stringify({ query: fetch.operation, variables: vars }),
    );
    if (body.errors) errors.push(...body.errors);
    for (const target of targets) merge(target, body.data ?? {});
    return;
  }
  const requires = fetch.requires;
  const representations: JsonObject[] = [];
  const indexOf = new Map<string, number>();
  const slots: [JsonObject, number][] = [];
  for (const entity of targets) {
    const representation = select(entity, requires);
    if (!representation) continue;
    const key = JSON.stringify(representation);
    let index = indexOf.get(key);
    if (index === undefined) {
      index = representations.push(representation) - 1;
      indexOf.set(key, index);
    }
    slots.push([entity, index]);
  }
  if (representations.length === 0) return;
  vars['representations'] = representations;
  const body = await call(
    fetch.serviceName,
    JSON.stringify({ query: fetch.operation, variables: vars }),
  );
  if (body.errors) errors.push(...body.errors);
  const entities = (body.data?.['_entities'] ?? []) as Json[];
  for (const [entity, index] of slots) {
    const result = entities[index];
    if (result && typeof result === 'object' && !Array.isArray(result)) merge(entity, result);
  }
}

/** The objects at `path` ('@' walks every list item). */
function collect(root: Json, path: (string | number)[]): JsonObject[] {
  let current: Json[] = [root];
  for (const step of path) {
    const next: Json[] = [];
    for (const value of current) {
      if (step === '@') {
        if (Array.isArray(value)) next.push(...value);
      } else if (value && typeof value === 'object' && !Array.isArray(value)) {
        const child = value[String(step)];
        if (child !== undefined && child !== null) next.push(child);
      }
    }
    current = next;
  }
  return current
    .flat()
    .filter((v): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v));
}

/** A representation: the `requires` selection of an entity, or undefined if its type does not match. */
function select(
  entity: JsonObject,
  selections: readonly QueryPlanSelectionNode[],
): JsonObject | undefined {
  const out: JsonObject = {};
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (selection.typeCondition && entity['__typename'] !== selection.typeCondition)
        return undefined;
      const inner = select(entity, selection.selections);
      if (!inner) return undefined;
      Object.assign(out, inner);
    } else {
      const value = entity[selection.name];
      if (value === undefined) return undefined;
      out[selection.name] =
        selection.selections && value && typeof value === 'object' && !Array.isArray(value)
          ? (select(value, selection.selections) ?? null)
          : value;
    }
  }
  return out;
}

function merge(target: JsonObject, source: JsonObject): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) merge(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((item, i) => {
        const current = existing[i];
        if (isObject(current) && isObject(item)) merge(current, item);
        else existing[i] = item;
      });
    } else target[key] = value;
  }
}

/** The client's selection, in its order: what the gateway answers. */
function shape(value: Json, selectionSet: SelectionSetNode | undefined): Json {
  if (value === null || value === undefined || !selectionSet) return value ?? null;
  if (Array.isArray(value)) return value.map((item) => shape(item, selectionSet));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        out[name] = shape(value[name] ?? null, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition?.name.value;
        if (!type || value['__typename'] === type) visit(selection.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return out;
}

function isObject(value: Json | undefined): value is JsonObject {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
