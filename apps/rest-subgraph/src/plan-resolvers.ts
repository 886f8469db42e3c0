import type { SubgraphPlan } from '@commerce/openapi-subgraph';
import type { Context } from './context';
import type { Arguments, PlanExecutor } from './plan-executor';

type FieldResolver = (parent: unknown, args: Arguments, ctx: Context) => unknown;
type TypeResolvers = Record<string, unknown>;

/**
 * The subgraph's resolvers, built from the plan alone: operation and link fields call REST,
 * entity references are `{ __typename, ...key }`, renamed properties are read by their REST
 * name, unions go by their discriminator, enums map to their REST values.
 */
export function planResolvers(
  plan: SubgraphPlan,
  executor: PlanExecutor,
): Record<string, TypeResolvers> {
  const resolvers: Record<string, TypeResolvers> = {};
  const of = (type: string) => (resolvers[type] ??= {});

  for (const [type, object] of Object.entries(plan.objects)) {
    for (const [field, property] of Object.entries(object.properties)) {
      if (field !== property) {
        of(type)[field] = ((parent) =>
          (parent as Record<string, unknown>)[property]) satisfies FieldResolver;
      }
    }
  }
  for (const [coordinate, field] of Object.entries(plan.fields)) {
    const [type, name] = splitCoordinate(coordinate);
    of(type)[name] = ((parent, args, ctx) =>
      executor.field(field, parent, args, ctx)) satisfies FieldResolver;
  }
  for (const [coordinate, reference] of Object.entries(plan.references)) {
    const [type, name] = splitCoordinate(coordinate);
    of(type)[name] = ((parent, args, ctx) => {
      const key: Record<string, unknown> = {};
      for (const [field, source] of Object.entries(reference.key)) {
        const value = executor.value(source, parent, args, ctx);
        if (value === undefined || value === null) return null;
        key[field] = value;
      }
      return { __typename: reference.type, ...key };
    }) satisfies FieldResolver;
  }
  for (const [type, entity] of Object.entries(plan.entities)) {
    if (entity.kind === 'external') {
      // Another subgraph owns it: the representation (its key) is all this one needs.
      if (entity.resolvable)
        of(type)['__resolveReference'] = (representation: unknown) => representation;
    } else if (entity.resolve) {
      const { operation, parameters } = entity.resolve;
      of(type)['__resolveReference'] = (representation: unknown, ctx: Context) =>
        executor.entity(operation, parameters, representation, ctx);
    }
  }
  for (const [type, union] of Object.entries(plan.unions)) {
    of(type)['__resolveType'] = (value: unknown) =>
      union.mapping[String((value as Record<string, unknown>)?.[union.propertyName])] ?? null;
  }
  for (const [type, enumPlan] of Object.entries(plan.enums)) {
    Object.assign(of(type), enumPlan.values);
  }
  return resolvers;
}

function splitCoordinate(coordinate: string): [string, string] {
  const dot = coordinate.indexOf('.');
  return [coordinate.slice(0, dot), coordinate.slice(dot + 1)];
}
