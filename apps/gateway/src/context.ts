/**
 * The only client headers a subgraph needs. Everything else stays at the gateway.
 * `idempotency-key` makes a retried placeOrder return the order the first attempt placed.
 */
export const FORWARDED_HEADERS = ['authorization', 'x-api-key', 'idempotency-key'] as const;
export type ForwardedHeader = (typeof FORWARDED_HEADERS)[number];

export type GatewayContext = {
  /** The forwardable request headers, already narrowed to FORWARDED_HEADERS. */
  headers: Partial<Record<ForwardedHeader, string>>;
  requestId: string;
  /** Who rate limits count against (limits/client-address.ts). */
  clientAddress: string;
};
