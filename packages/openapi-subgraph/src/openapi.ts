/** The parts of an OpenAPI 3.0/3.1 document the generator reads, loosely typed on purpose. */
export type JsonObject = Record<string, unknown>;

export type OpenApiDocument = JsonObject & {
  openapi: string;
  paths?: Record<string, JsonObject>;
  components?: JsonObject & {
    schemas?: Record<string, JsonObject>;
    links?: Record<string, JsonObject>;
  };
};

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function objectOf(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}
