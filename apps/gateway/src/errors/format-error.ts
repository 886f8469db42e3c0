import type { GraphQLFormattedError } from 'graphql';
import { PUBLIC_EXTENSION_KEYS, isClientErrorCode, maskedError } from '@commerce/service';

/**
 * What leaves the gateway: a stable code, a message, the path, and only the extension
 * keys in the public list. Subgraph internals (service names, URLs, stack traces, response
 * bodies, SQL) never do; unexpected errors become a bare INTERNAL_SERVER_ERROR.
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  onUnexpected: (formatted: GraphQLFormattedError) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  if (!isClientErrorCode(code)) {
    onUnexpected(formatted);
    return maskedError(formatted.path);
  }
  const extensions: Record<string, unknown> = {};
  for (const key of PUBLIC_EXTENSION_KEYS) {
    if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
  }
  return {
    message: formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
