import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '@commerce/service';

const manualSchema = z.object({
  url: z.url(),
  language: z.string().min(1).nullable().default(null),
});
const fileSchema = z.object({
  manuals: z.record(z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/), manualSchema),
});

export type Manual = z.infer<typeof manualSchema>;

/** The manuals table, read and checked: a bad file throws with its path and the problem. */
export function readManuals(file: string): ReadonlyMap<string, Manual> {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return new Map(Object.entries(parsed.data.manuals));
}

/**
 * The table of the manuals file, read at start (a bad file stops the service) and again
 * whenever the file changes, so an operator edits it without a restart; a bad edit is
 * logged and the last good table kept.
 */
export class ManualsTable {
  private table: ReadonlyMap<string, Manual>;
  private modified: number;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {
    this.modified = statSync(file).mtimeMs;
    this.table = readManuals(file);
  }

  get(productKey: string): Manual | undefined {
    this.refresh();
    return this.table.get(productKey);
  }

  private refresh(): void {
    try {
      const modified = statSync(this.file).mtimeMs;
      if (modified === this.modified) return;
      this.modified = modified;
      this.table = readManuals(this.file);
    } catch (error) {
      this.logger.error(
        { err: error, file: this.file },
        'manuals file not reloaded; the last good table stays',
      );
    }
  }
}
