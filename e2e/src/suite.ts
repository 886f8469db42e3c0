import type { Shop } from '@commerce/testing';
import { startSystem, type System, type SystemOptions } from './system';

export type SystemSuite = { system: System; shop: Shop };

export type SuiteFrame = {
  /** Of the start (beforeAll), when it starts more than the system. */
  timeoutMs?: number;
  /** Before the system stops: what was set up on top of it. */
  stopping?: () => Promise<unknown>;
  /** After the system stopped: what it ran on. */
  stopped?: () => Promise<unknown>;
};

/**
 * The frame of a test file (or describe block): the whole system, started before its tests
 * and stopped after them, and the shop client over its gateway. Call it at the top level of
 * the file or block; the fields are set by the time its own beforeAll runs. `options` may be
 * decided at the start, e.g. by starting a broker first.
 */
export function systemSuite(
  options: SystemOptions | (() => Promise<SystemOptions>) = {},
  frame: SuiteFrame = {},
): SystemSuite {
  const suite = {} as SystemSuite;
  beforeAll(async () => {
    suite.system = await startSystem(typeof options === 'function' ? await options() : options);
    suite.shop = suite.system.shop;
  }, frame.timeoutMs);
  afterAll(async () => {
    try {
      await frame.stopping?.();
    } finally {
      try {
        await suite.system?.stop();
      } finally {
        await frame.stopped?.();
      }
    }
  });
  return suite;
}

/**
 * A system over a backing service of the suite's own (a Kafka broker, a Redis) that its
 * tests may stop and start: started before the system, destroyed after it.
 */
export function systemSuiteOver<B extends { destroy(): Promise<void> }>(
  start: () => Promise<B>,
  options: (backing: B) => SystemOptions,
  timeoutMs?: number,
): SystemSuite & { backing: B } {
  const suite = systemSuite(
    async () => {
      suite.backing = await start();
      return options(suite.backing);
    },
    { stopped: () => suite.backing?.destroy(), ...(timeoutMs ? { timeoutMs } : {}) },
  ) as SystemSuite & { backing: B };
  return suite;
}
