import { join } from 'node:path';
import { z } from 'zod';
import { env } from '@commerce/service';

export const manualsConfigSchema = z.object({
  ...env.service(4007, 9407),
  /** The manuals table: `{ "manuals": { "<productKey>": { "url", "language" } } }`, read at start. */
  MANUALS_FILE: z
    .string()
    .min(1)
    .default(join(__dirname, '..', 'manuals.json')),
});

export type ManualsConfig = z.infer<typeof manualsConfigSchema>;
