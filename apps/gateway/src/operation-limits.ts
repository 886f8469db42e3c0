import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '@commerce/service';
import type { GatewayConfig } from './config';
import { operationCost } from './operation-cost';
import { rootFields } from './root-fields';

export type OperationLimits = Pick<
  GatewayConfig,
  'MAX_TOKENS' | 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_ROOT_FIELDS' | 'MAX_COST'
>;

/**
 * What the gateway refuses before planning or executing anything, each with its own code:
 * - tokens, counted on the raw text before it is parsed (a plugin: parsing is the cost);
 * - depth, aliases and directives (graphql-armor's rules) and root fields and cost (ours),
 *   as validation rules.
 * A refused operation reaches no subgraph.
 */
export function operationLimits(limits: OperationLimits): {
  validationRules: ValidationRule[];
  plugin: ApolloServerPlugin;
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.MAX_DEPTH, ...reportAs(ErrorCode.OPERATION_TOO_DEEP) },
    maxAliases: { n: limits.MAX_ALIASES, ...reportAs(ErrorCode.TOO_MANY_ALIASES) },
    maxDirectives: { n: limits.MAX_DIRECTIVES, ...reportAs(ErrorCode.TOO_MANY_DIRECTIVES) },
    // Replaced by our own: armor's cost ignores list sizes, its token limit throws outside
    // Apollo's error handling, and its suggestion filter misses enum suggestions.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: [
      ...armor.validationRules,
      rootFieldLimit(limits.MAX_ROOT_FIELDS),
      costLimit(limits.MAX_COST),
    ],
    plugin: tokenLimit(limits.MAX_TOKENS),
  };
}

export function limitError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, http: { status: 400, headers: new HeaderMap() } },
  });
}

function reportAs(code: ErrorCode) {
  const report = (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(limitError(code, error.message.replace(/^Syntax Error: /, '')));
  return { onReject: [report], propagateOnRejection: false, exposeLimits: true };
}

function rootFieldLimit(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const count = rootFields(operation, (name) => context.getFragment(name)).length;
      if (count > max) {
        context.reportError(
          limitError(
            ErrorCode.TOO_MANY_ROOT_FIELDS,
            `Root field limit of ${max} exceeded, found ${count}.`,
          ),
        );
      }
    },
  });
}

function costLimit(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root = schema.getRootType(operation.operation);
      if (!root) return;
      const cost = operationCost(schema, root, operation.selectionSet, (name) =>
        context.getFragment(name),
      );
      if (cost > max) {
        context.reportError(
          limitError(
            ErrorCode.OPERATION_TOO_COSTLY,
            `Cost limit of ${max} exceeded, estimated ${cost > 1e15 ? 'over 1e15' : cost}.`,
          ),
        );
      }
    },
  });
}

/** Counts like graphql-js's parser (comments excluded) and stops one past the limit. */
export function countTokens(text: string, max: number): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF && count <= max) count += 1;
  } catch {
    // A lexical error: the parser reports it as a syntax error.
  }
  return count;
}

function tokenLimit(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        // Before parsing: a plugin error here becomes the response, with its code and status.
        async didResolveSource({ source }) {
          if (countTokens(source, max) > max) {
            throw limitError(ErrorCode.TOO_MANY_TOKENS, `Token limit of ${max} exceeded.`);
          }
        },
      };
    },
  };
}
