import type { Logger } from './logger';

export type Closer = { name: string; close: () => Promise<unknown> };

/**
 * Graceful shutdown: on SIGTERM or SIGINT, close every resource in the order given
 * (stop taking requests first, then consumers, then pools), each bounded in time, and
 * exit 0 if all closed cleanly. A second signal exits at once.
 */
export function handleShutdown(logger: Logger, closers: Closer[], timeoutMs = 15_000): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    let failed = false;
    for (const closer of closers) {
      try {
        await withTimeout(closer.close(), timeoutMs, closer.name);
      } catch (error) {
        failed = true;
        logger.error({ err: error, resource: closer.name }, 'close failed');
      }
    }
    logger.info('stopped');
    process.exit(failed ? 1 : 0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not close within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
