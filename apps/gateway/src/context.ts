import type { ForwardedHeader } from './subgraph-source';

export type GatewayContext = {
  /** The forwardable request headers, already narrowed (see subgraph-source.ts). */
  headers: Partial<Record<ForwardedHeader, string>>;
  requestId: string;
  /** Who rate limits count against (client-address.ts). */
  clientAddress: string;
};
