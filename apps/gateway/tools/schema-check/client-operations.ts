import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  GraphQLError,
  Kind,
  parse,
  validate,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/** One client operation file, parsed (or the reason it could not be). */
export type OperationFile = {
  /** Path as printed: relative to `relativeTo` of readOperationFiles. */
  file: string;
  document?: DocumentNode;
  parseError?: string;
};

export type BrokenOperation = {
  file: string;
  /** `query User`, `mutation PlaceOrder`, `fragment UserFields`; absent for file-level problems. */
  operation?: string;
  message: string;
};

export type OperationsReview = { checked: number; broken: BrokenOperation[] };

/** Every `*.graphql` under `dir` (any depth), sorted so the output is stable. */
export function readOperationFiles(dir: string, relativeTo: string = dir): OperationFile[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  return files.map((name) => {
    const file = relative(relativeTo, join(dir, name));
    try {
      return { file, document: parse(readFileSync(join(dir, name), 'utf8')) };
    } catch (error) {
      return { file, parseError: (error as Error).message };
    }
  });
}

/** Validates every kept operation against the proposed API schema. */
export function reviewOperations(
  schema: GraphQLSchema,
  files: readonly OperationFile[],
): OperationsReview {
  const broken: BrokenOperation[] = [];
  let checked = 0;
  for (const { file, document, parseError } of files) {
    if (!document) {
      broken.push({ file, message: `unparsable: ${parseError}` });
      continue;
    }
    checked += document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
    for (const error of validate(schema, document)) {
      const operation = definitionName(enclosingDefinition(document, error));
      broken.push({ file, ...(operation ? { operation } : {}), message: error.message });
    }
  }
  return { checked, broken };
}

function enclosingDefinition(
  document: DocumentNode,
  error: GraphQLError,
): DefinitionNode | undefined {
  const start = error.nodes?.[0]?.loc?.start;
  if (start === undefined) return undefined;
  return document.definitions.find((d) => d.loc && d.loc.start <= start && start < d.loc.end);
}

function definitionName(definition: DefinitionNode | undefined): string | undefined {
  if (definition?.kind === Kind.OPERATION_DEFINITION) {
    return `${definition.operation} ${definition.name?.value ?? '(anonymous)'}`;
  }
  if (definition?.kind === Kind.FRAGMENT_DEFINITION) return `fragment ${definition.name.value}`;
  return undefined;
}
