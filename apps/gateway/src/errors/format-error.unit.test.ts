import { formatGatewayError } from './format-error';

describe('formatGatewayError', () => {
  it('keeps a client error with only its public extensions', () => {
    const unexpected = jest.fn();
    const formatted = formatGatewayError(
      {
        message: 'quantity must be a whole number from 1 to 10000',
        path: ['placeOrder'],
        extensions: {
          code: 'INVALID_QUANTITY',
          field: 'products[0].quantity',
          serviceName: 'orders',
          stacktrace: ['at resolver (/srv/orders/src/orders.ts:42)'],
          http: { status: 400 },
        },
      },
      unexpected,
    );
    expect(formatted).toEqual({
      message: 'quantity must be a whole number from 1 to 10000',
      path: ['placeOrder'],
      extensions: { code: 'INVALID_QUANTITY', field: 'products[0].quantity' },
    });
    expect(unexpected).not.toHaveBeenCalled();
  });

  it('masks anything without a client code, and reports it', () => {
    const unexpected = jest.fn();
    const leaky = {
      message: 'connect ECONNREFUSED 127.0.0.1:4003: select * from orders where id = $1',
      path: ['order'],
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'orders' },
    };
    expect(formatGatewayError(leaky, unexpected)).toEqual({
      message: 'Internal server error',
      path: ['order'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(unexpected).toHaveBeenCalledWith(leaky);
  });
});
