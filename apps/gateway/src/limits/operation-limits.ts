import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ERRORS, type RefusalCodeDefinition } from '@commerce/service';
import type { GatewayConfig } from '../config';
import type { ListSizes } from './list-sizes';
import { operationCost } from './operation-cost';
import { rootFields } from './root-fields';

export type OperationLimits = Pick<
  GatewayConfig,
  'MAX_TOKENS' | 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_ROOT_FIELDS' | 'MAX_COST'
>;

/**
 * What the gateway refuses before planning or executing anything, each with its own code:
 * - tokens: graphql-js's parser stops at the limit, so an oversized document never becomes
 *   an AST (errors/public-code.ts gives its syntax error the TOO_MANY_TOKENS code);
 * - depth, aliases and directives (graphql-armor's rules) and root fields and cost (ours),
 *   as validation rules.
 * A refused operation reaches no subgraph. `listSizes` gives the current supergraph's
 * `@listSize` hints to the cost estimate.
 */
export function operationLimits(
  limits: OperationLimits,
  listSizes: () => ListSizes = () => new Map(),
): {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  const armor = new ApolloArmor({
    // Depth of fields: a fragment spread is not a level (colocated fragments nest spreads).
    maxDepth: {
      n: limits.MAX_DEPTH,
      flattenFragments: true,
      ...reportAs(ERRORS.OPERATION_TOO_DEEP),
    },
    maxAliases: { n: limits.MAX_ALIASES, ...reportAs(ERRORS.TOO_MANY_ALIASES) },
    maxDirectives: { n: limits.MAX_DIRECTIVES, ...reportAs(ERRORS.TOO_MANY_DIRECTIVES) },
    // Replaced: armor's cost ignores list sizes, its token limit throws from a plugin hook
    // (a masked 500 in Apollo Server 5), and its suggestion filter misses enum suggestions.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: [
      ...armor.validationRules,
      rootFieldLimit(limits.MAX_ROOT_FIELDS),
      costLimit(limits.MAX_COST, listSizes),
    ],
    parseOptions: { maxTokens: limits.MAX_TOKENS },
  };
}

function reportAs(refusal: RefusalCodeDefinition) {
  const report = (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(refusal.refusal(error.message.replace(/^Syntax Error: /, '')));
  return { onReject: [report], propagateOnRejection: false, exposeLimits: true };
}

function rootFieldLimit(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const count = rootFields(operation, (name) => context.getFragment(name)).length;
      if (count > max) {
        context.reportError(
          ERRORS.TOO_MANY_ROOT_FIELDS.refusal(
            `Root field limit of ${max} exceeded, found ${count}.`,
          ),
        );
      }
    },
  });
}

function costLimit(max: number, listSizes: () => ListSizes): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root = schema.getRootType(operation.operation);
      if (!root) return;
      const cost = operationCost(
        schema,
        root,
        operation.selectionSet,
        (name) => context.getFragment(name),
        listSizes(),
      );
      if (cost > max) {
        context.reportError(
          ERRORS.OPERATION_TOO_COSTLY.refusal(
            `Cost limit of ${max} exceeded, estimated ${cost > 1e15 ? 'over 1e15' : cost}.`,
          ),
        );
      }
    },
  });
}
