import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { ERRORS, type Logger } from '@commerce/service';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { requestRefusal } from '../errors/request-refusal';
import { coercedVariables } from './operation-variables';
import type { RateLimitHit, RateLimiter } from './rate-limiter';
import { rootFields } from './root-fields';

/** Budgets per window, by mutation: per username (from its input) and per client address. */
export type RateLimitBudgets = Record<string, { perUsername: number; perAddress: number }>;

export function rateLimitBudgets(config: GatewayConfig): RateLimitBudgets {
  return {
    login: {
      perUsername: config.LOGIN_LIMIT_PER_USERNAME,
      perAddress: config.LOGIN_LIMIT_PER_ADDRESS,
    },
    registerUser: {
      perUsername: config.REGISTER_LIMIT_PER_USERNAME,
      perAddress: config.REGISTER_LIMIT_PER_ADDRESS,
    },
  };
}

/**
 * Rate limits of the credential mutations, at the gateway: the one place that sees every
 * operation whole, before any subgraph runs it. Once the operation is resolved, each root
 * field occurrence of a limited mutation (every alias: `a: login b: login` is two) counts
 * once against its username and once against the caller's address. Over any budget, the
 * whole operation is refused with RATE_LIMITED (HTTP 429, `retryAfter` seconds).
 *
 * The username is read as execution will read it: from the literal, or from the coerced
 * variables (a variable's default value included). An occurrence whose username cannot be
 * read (variables that do not coerce, a missing or null input) is never run uncounted: the
 * whole operation is refused with BAD_USER_INPUT (400), as execution would refuse it.
 *
 * If the counters cannot be reached, `whenUnavailable` decides: `closed` refuses the
 * limited mutations with SERVICE_UNAVAILABLE (everything else still works), `open` lets
 * them through unlimited. See SECURITY.md for why closed is the default.
 */
export function rateLimitPlugin(options: {
  limiter: RateLimiter;
  budgets: RateLimitBudgets;
  whenUnavailable: 'open' | 'closed';
  logger: Logger;
}): ApolloServerPlugin<GatewayContext> {
  const { limiter, budgets, whenUnavailable, logger } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const variables = () => {
            const coerced = coercedVariables({ request, schema, operation });
            if (coerced.ok) return coerced.values;
            const [first] = coerced.errors;
            throw requestRefusal(ApolloServerErrorCode.BAD_USER_INPUT, first!.message, {
              nodes: first!.nodes ?? [],
            });
          };
          const fragment = (name: string) =>
            document.definitions.find(
              (d): d is FragmentDefinitionNode =>
                d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name,
            );
          const hits = new Map<string, RateLimitHit>();
          const count = (key: string, limit: number) => {
            const hit = hits.get(key) ?? { key, count: 0, limit };
            hit.count += 1;
            hits.set(key, hit);
          };
          for (const field of rootFields(operation, fragment)) {
            const budget = budgets[field.name.value];
            if (!budget) continue;
            const username = usernameOf(schema, field, variables());
            count(`${field.name.value}:address:${contextValue.clientAddress}`, budget.perAddress);
            count(`${field.name.value}:username:${digest(username)}`, budget.perUsername);
          }
          if (hits.size === 0) return;

          let decision;
          try {
            decision = await limiter.hit([...hits.values()]);
          } catch (error) {
            logger.error(
              { err: error },
              `rate limit counters unavailable, failing ${whenUnavailable}`,
            );
            if (whenUnavailable === 'open') return;
            throw ERRORS.SERVICE_UNAVAILABLE.refusal(
              'sign-in and sign-up are briefly unavailable; try again shortly',
              { retryAfter: 5 },
            );
          }
          if (!decision.allowed) {
            throw ERRORS.RATE_LIMITED.refusal('too many attempts; try again later', {
              retryAfter: decision.retryAfterSeconds,
            });
          }
        },
      };
    },
  };
}

/**
 * The username a login or registerUser occurrence names, from a literal or a coerced
 * variable, normalised as the users service does (NFC) so that spellings of one name
 * share a count. Throws the refusal when there is none to read.
 */
export function usernameOf(
  schema: GraphQLSchema,
  field: FieldNode,
  variables: Record<string, unknown>,
): string {
  const definition = schema.getMutationType()?.getFields()[field.name.value];
  let input: unknown;
  try {
    if (definition) input = getArgumentValues(definition, field, variables)['input'];
  } catch (error) {
    throw requestRefusal(
      ApolloServerErrorCode.BAD_USER_INPUT,
      error instanceof GraphQLError ? error.message : 'the arguments do not coerce',
      { nodes: [field] },
    );
  }
  const username = (input as { username?: unknown } | null | undefined)?.username;
  if (typeof username === 'string') return username.normalize('NFC');
  throw requestRefusal(ApolloServerErrorCode.BAD_USER_INPUT, 'input is required', {
    nodes: [field],
    field: 'input',
  });
}

/** Usernames are attacker-sized: keys hold a digest, never the name. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
