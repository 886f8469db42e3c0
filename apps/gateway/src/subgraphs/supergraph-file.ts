import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@commerce/service';

/**
 * Serves the supergraph from a file and follows it: when `npm run compose` (or a deploy)
 * writes a new supergraph.graphql, the running gateway switches to it without a restart.
 * A file that does not compose into a valid supergraph is logged and ignored; the gateway
 * keeps serving the last good one.
 */
export function supergraphFromFile(
  path: string,
  logger: Logger,
  pollIntervalMs = 500,
): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    const onChange = async () => {
      let next: string;
      try {
        next = await readFile(path, 'utf8');
      } catch (error) {
        logger.warn({ err: error, path }, 'supergraph file unreadable, keeping the current one');
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (error) {
        logger.error(
          { err: error, path },
          'new supergraph rejected, still serving the previous one',
        );
      }
    };
    watchFile(path, { interval: pollIntervalMs }, () => void onChange());
    return {
      supergraphSdl: current,
      cleanup: async () => unwatchFile(path),
    };
  };
}
