import type { SourceContext } from './context';

/** The custom scalars the mapping uses, and how their values travel. */
export const SCALARS = {
  DateTime:
    'An RFC 3339 date-time string (OpenAPI `format: date-time`), passed through as the REST API wrote it.',
  Date: 'An RFC 3339 full-date string (OpenAPI `format: date`), passed through as the REST API wrote it.',
  BigInt:
    'A 64-bit integer (OpenAPI `format: int64`, or bounds beyond 32 bits), serialised as a decimal string so no digit is lost.',
  JSON: 'Any JSON value: free-form objects, `additionalProperties` maps, and schemas GraphQL cannot type (see the warnings).',
  Void: 'The operation answers with no body (204); the field is always null.',
} as const;

export type ScalarName = keyof typeof SCALARS;

export function useScalar(ctx: SourceContext, name: ScalarName): string {
  if (!ctx.registry.types.has(name)) {
    ctx.registry.types.set(name, { kind: 'scalar', name, description: SCALARS[name] });
    ctx.plan.scalars[name] = { description: SCALARS[name] };
  }
  return name;
}
