import { OUTCOME_STATUS, TRANSITIONS, canMove, statusesThatMoveTo, transitionColumns } from './order-lifecycle';

describe('the order lifecycle', () => {
  it.each([
    ['PENDING', 'CONFIRMED', true],
    ['PENDING', 'REJECTED', true],
    ['PENDING', 'CANCELLED', true],
    ['CONFIRMED', 'CANCELLED', true],
    ['CONFIRMED', 'REJECTED', false],
    ['CONFIRMED', 'PENDING', false],
    ['REJECTED', 'CONFIRMED', false],
    ['REJECTED', 'CANCELLED', false],
    ['CANCELLED', 'CONFIRMED', false],
    ['CANCELLED', 'PENDING', false],
    ['PENDING', 'PENDING', false],
  ] as const)('%s -> %s allowed: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it('knows where each target can be reached from', () => {
    expect(statusesThatMoveTo('CANCELLED')).toEqual(['PENDING', 'CONFIRMED']);
    expect(statusesThatMoveTo('CONFIRMED')).toEqual(['PENDING']);
    expect(statusesThatMoveTo('REJECTED')).toEqual(['PENDING']);
    expect(statusesThatMoveTo('PENDING')).toEqual([]);
  });

  it('lists every allowed move once as SQL columns', () => {
    const { from, to } = transitionColumns();
    const pairs = from.map((f, i) => `${f}->${to[i]}`);
    expect(pairs.sort()).toEqual(
      ['CONFIRMED->CANCELLED', 'PENDING->CANCELLED', 'PENDING->CONFIRMED', 'PENDING->REJECTED'],
    );
    expect(pairs).toHaveLength(Object.values(TRANSITIONS).flat().length);
  });

  it('maps each deciding outcome to a status an order can reach from PENDING', () => {
    for (const status of Object.values(OUTCOME_STATUS)) expect(canMove('PENDING', status)).toBe(true);
  });
});
