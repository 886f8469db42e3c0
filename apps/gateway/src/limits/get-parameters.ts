/**
 * The GraphQL parameters of a GET request, read as Apollo Server reads them: `query` as
 * text, `variables` and `extensions` as JSON (undefined where absent or not JSON, which
 * Apollo then refuses itself). For the checks that run on the HTTP route before Apollo.
 */
export function graphqlGetParameters(url: string): {
  query: string | undefined;
  variables: unknown;
  extensions: unknown;
} {
  const params = new URL(url, 'http://gateway').searchParams;
  return {
    query: params.get('query') ?? undefined,
    variables: parseJson(params.get('variables')),
    extensions: parseJson(params.get('extensions')),
  };
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
