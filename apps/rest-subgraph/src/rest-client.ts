import { Pool } from 'undici';
import type { Logger } from '@commerce/service';
import type { RestSource } from './config';
import { errorOfFailure, errorOfStatus } from './upstream-errors';

export type RestRequest = {
  method: string;
  /** Path and query, starting with `/`, relative to the source's base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
};

export type RestAnswer = { status: number; contentType: string; body: string };

export type RestClientOptions = {
  timeoutMs: number;
  connections: number;
  maxResponseBytes: number;
  logger: Logger;
};

class ResponseTooLarge extends Error {}

/**
 * One keep-alive undici Pool per REST source. `send` answers a 2xx or 204 as it is and turns
 * everything else into the field's GraphQL error (upstream-errors.ts).
 */
export class RestClient {
  private readonly pools = new Map<string, { pool: Pool; basePath: string }>();

  constructor(
    readonly sources: ReadonlyMap<string, RestSource>,
    private readonly options: RestClientOptions,
  ) {
    for (const source of sources.values()) {
      const url = new URL(source.baseUrl);
      this.pools.set(source.name, {
        pool: new Pool(url.origin, {
          connections: options.connections,
          connectTimeout: options.timeoutMs,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          // Shorter than the services' 65 s keep-alive (packages/service http.ts): the pool
          // drops an idle connection before the server does.
          keepAliveTimeout: 30_000,
        }),
        basePath: url.pathname.replace(/\/+$/, ''),
      });
    }
  }

  /**
   * The path of an absolute or relative URL a source handed out (a link list's element), or
   * undefined for a URL of another origin: a REST answer must not make us call anywhere else.
   */
  pathOf(sourceName: string, url: string): string | undefined {
    const source = this.sources.get(sourceName);
    if (!source) return undefined;
    if (url.startsWith('/') && !url.startsWith('//')) return url;
    try {
      const parsed = new URL(url);
      const base = new URL(source.baseUrl);
      if (parsed.origin !== base.origin) return undefined;
      const basePath = base.pathname.replace(/\/+$/, '');
      const path = `${parsed.pathname}${parsed.search}`;
      return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
    } catch {
      return undefined;
    }
  }

  async send(sourceName: string, request: RestRequest): Promise<RestAnswer> {
    const entry = this.pools.get(sourceName);
    if (!entry) throw new Error(`unknown REST source ${sourceName}`);
    const { logger, maxResponseBytes } = this.options;
    let answer: RestAnswer;
    try {
      const response = await entry.pool.request({
        method: request.method as 'GET',
        path: `${entry.basePath}${request.path}`,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      let size = 0;
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > maxResponseBytes) {
          response.body.destroy();
          throw new ResponseTooLarge(`answer over ${maxResponseBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
      const contentType = response.headers['content-type'];
      answer = {
        status: response.statusCode,
        contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
    } catch (error) {
      throw errorOfFailure(sourceName, error, logger);
    }
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw errorOfStatus(sourceName, answer.status, answer.body, logger);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.close()));
  }
}
