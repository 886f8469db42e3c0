export type GatewayContext = {
  /** The forwardable request headers, already narrowed (see subgraph-source.ts). */
  headers: Partial<Record<'authorization' | 'x-api-key', string>>;
  requestId: string;
};
