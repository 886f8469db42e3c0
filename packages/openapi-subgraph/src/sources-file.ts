import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Source } from './load';

/** One entry of a sources file: the generator's `Source`, and the keys the generator does not read. */
export type SourcesFileEntry = Source & {
  /** The entry's other keys (a runtime's base URL, headers to forward...), as written. */
  settings: Record<string, unknown>;
};

const URL_DOCUMENT = /^https?:\/\//i;

/**
 * Reads a sources file, YAML or JSON `{ sources: [{ name, document, options, ...settings }] }`,
 * documents relative to it or `http(s)://` URLs (fetched here, so the generator sees one
 * object); any other file is one document, its source named after the file. The CLI
 * (`npm run openapi:sdl`) and apps/rest-subgraph read sources through this one function, so
 * both generate the same subgraph.
 */
export async function readSourcesFile(file: string): Promise<SourcesFileEntry[]> {
  const parsed: unknown = parseYaml(await readFile(file, 'utf8'));
  const listed = (parsed as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(listed)) {
    const name = basename(file, extname(file)).replace(/[^0-9A-Za-z_-]/g, '_');
    return [{ name, document: file, settings: {} }];
  }
  return Promise.all(
    listed.map(async (entry: unknown) => {
      const { name, document, options, ...settings } = (entry ?? {}) as Record<string, unknown>;
      if (typeof name !== 'string' || typeof document !== 'string') {
        throw new Error(`${file}: every source needs a name and a document path or URL`);
      }
      return {
        name,
        document: URL_DOCUMENT.test(document)
          ? await fetchDocument(document)
          : resolve(dirname(file), document),
        options: (options ?? {}) as Source['options'],
        settings,
      };
    }),
  );
}

async function fetchDocument(url: string): Promise<object> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  const text = await response.text();
  const document: unknown = parseYaml(text);
  if (typeof document !== 'object' || document === null)
    throw new Error(`${url}: not an OpenAPI document`);
  return document;
}
