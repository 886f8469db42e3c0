import { readFileSync } from 'node:fs';
import { z } from 'zod';

const manualSchema = z.object({
  url: z.url(),
  language: z.string().min(1).nullable().default(null),
});
const fileSchema = z.object({
  manuals: z.record(z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/), manualSchema),
});

export type Manual = z.infer<typeof manualSchema>;

/** The manuals table, read and checked once: a bad file stops the service with its path and the problem. */
export function readManuals(file: string): ReadonlyMap<string, Manual> {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return new Map(Object.entries(parsed.data.manuals));
}
