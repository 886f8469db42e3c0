export type GraphQLResponse<T = Record<string, unknown>> = {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
};

/** A minimal GraphQL-over-HTTP client, as a shop's frontend would call the gateway. */
export class GraphQLClient {
  constructor(readonly url: string) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: Omit<GraphQLResponse<T>, 'status'>;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: text }] };
    }
    return { status: response.status, ...body };
  }

  /** The first error's code, or undefined. */
  static code(response: GraphQLResponse<unknown>): unknown {
    return response.errors?.[0]?.extensions?.['code'];
  }
}
