import { resolve } from 'node:path';
import { bundle, dereference, parse, validate, type ParserOptions } from '@readme/openapi-parser';
import { OpenApiSubgraphError } from './errors';
import { escapePointerToken, pointerOf, readPointer, unescapePointerToken } from './names';
import type { OpenApiDocument } from './openapi';

/** Per-source choices. */
export type SourceOptions = {
  /** URL-prefix links (`/products/{key}/reviews` -> `Product.reviews`); on unless false. */
  urlPrefixLinks?: boolean;
  /** Put before every type name of this source (`Petstore` -> `PetstorePet`). */
  typePrefix?: string;
  /** Put before every root field name of this source (`petstore` -> `petstoreGetPetById`). */
  fieldPrefix?: string;
};

export type Source = {
  name: string;
  /** A file path (YAML or JSON; relative `$ref`s resolve from its folder) or the parsed document. */
  document: string | object;
  options?: SourceOptions;
};

export type LoadedSource = {
  name: string;
  options: SourceOptions;
  /** The document with every `$ref` to another file pulled in; internal `$ref`s remain. */
  document: OpenApiDocument;
};

/**
 * Validates and bundles one source. `$ref`s stay as internal references (bundle, not
 * dereference), so circular schemas cannot loop and named schemas keep their names.
 */
export async function loadSource(source: Source): Promise<LoadedSource> {
  const input = typeof source.document === 'string' ? resolve(source.document) : source.document;
  // The parser's own document type is a union of the Swagger/OpenAPI shapes; we check the version ourselves.
  const copy = () =>
    typeof input === 'string' ? input : (structuredClone(input) as Parameters<typeof validate>[0]);
  let root: unknown;
  try {
    root = typeof input === 'string' ? await parse(input) : structuredClone(input);
  } catch (error) {
    throw new OpenApiSubgraphError('UNREADABLE_DOCUMENT', source.name, '', messageOf(error), {
      cause: error,
    });
  }
  checkVersion(source.name, root);
  const verdict = await validate(copy(), PARSER_OPTIONS);
  if (!verdict.valid) {
    const first = verdict.errors[0]?.message ?? 'invalid document';
    // The validator reports on the dereferenced document; its pointers lead through $refs.
    const validated = await dereference(copy(), PARSER_OPTIONS).catch(() => root);
    const pointer = definitionPointer(root, pointerOfValidationError(validated, first));
    throw new OpenApiSubgraphError('INVALID_DOCUMENT', source.name, pointer, first);
  }
  let document: unknown;
  try {
    document = await bundle(copy(), PARSER_OPTIONS);
  } catch (error) {
    throw new OpenApiSubgraphError('INVALID_DOCUMENT', source.name, '', messageOf(error), {
      cause: error,
    });
  }
  return {
    name: source.name,
    options: source.options ?? {},
    document: document as OpenApiDocument,
  };
}

const PARSER_OPTIONS: ParserOptions = { dereference: { circular: 'ignore' } };

function checkVersion(name: string, root: unknown): void {
  const version = (root as { openapi?: unknown } | null)?.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\./.test(version)) {
    const found = (root as { swagger?: unknown } | null)?.swagger ? 'Swagger 2.0' : String(version);
    throw new OpenApiSubgraphError(
      'UNSUPPORTED_VERSION',
      name,
      '/openapi',
      `OpenAPI 3.0 or 3.1 expected, found ${found}`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The validator reports schema errors with a code frame of `JSON.stringify(document, null, 2)`
 * (`> 43 |`), and its own checks with the operation in backticks. Both are turned back into
 * a JSON pointer.
 */
export function pointerOfValidationError(root: unknown, message: string): string {
  const line = /^>\s*(\d+) \|/m.exec(message);
  if (line) return linePointers(root)[Number(line[1]) - 1] ?? '';
  const paths = (root as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const method of Object.keys(item ?? {})) {
      if (message.includes(`\`/paths${path}/${method}\``)) return pointerOf('paths', path, method);
    }
  }
  const duplicated = /operationId `([^`]+)` is duplicated/.exec(message)?.[1];
  if (duplicated) return lastOperationWithId(paths, duplicated) ?? '';
  return '';
}

function lastOperationWithId(
  paths: Record<string, Record<string, unknown>>,
  id: string,
): string | undefined {
  let found: string | undefined;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if ((operation as { operationId?: unknown } | null)?.operationId === id)
        found = pointerOf('paths', path, method);
    }
  }
  return found;
}

/**
 * A pointer into the dereferenced document, as a pointer to where that node is written:
 * every internal `$ref` on the way is followed (`/paths/~1a/get/.../schema/properties/x`
 * -> `/components/schemas/A/properties/x`).
 */
export function definitionPointer(root: unknown, pointer: string): string {
  if (pointer === '') return '';
  let at = '';
  let node = root;
  for (const token of pointer.slice(1).split('/')) {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      at = decodeURIComponent(ref.slice(1));
      node = readPointer(root, at);
    }
    node = (node as Record<string, unknown> | null)?.[unescapePointerToken(token)];
    at = `${at}/${token}`;
  }
  return at;
}

/** For each line of `JSON.stringify(value, null, 2)`, the pointer of the value on it. */
export function linePointers(value: unknown): string[] {
  const lines: string[] = [];
  const walk = (node: unknown, pointer: string): void => {
    lines.push(pointer);
    const entries = Array.isArray(node)
      ? node.map((item, index) => [String(index), item ?? null] as const)
      : node !== null && typeof node === 'object'
        ? Object.entries(node).filter(
            ([, item]) => item !== undefined && typeof item !== 'function',
          )
        : [];
    if (entries.length === 0) return;
    for (const [key, item] of entries) walk(item, `${pointer}/${escapePointerToken(key)}`);
    lines.push(pointer);
  };
  walk(value, '');
  return lines;
}
