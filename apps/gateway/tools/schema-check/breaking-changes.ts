import { existsSync, readFileSync } from 'node:fs';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { z } from 'zod';

/**
 * `schema-changes.accepted.json`: breaking changes a reviewer has agreed to ship, each
 * matched by graphql-inspector's change type and path (as schema:check prints them) and
 * kept with the reason it is safe. Being a committed file, every acceptance goes through
 * code review like the schema change itself.
 */
const acceptedChangesSchema = z.object({
  accepted: z.array(
    z.object({
      type: z.string().min(1),
      path: z.string(),
      reason: z.string().trim().min(1, 'every accepted breaking change needs a reason'),
    }),
  ),
});

export type AcceptedChange = z.infer<typeof acceptedChangesSchema>['accepted'][number];

export function readAcceptedChanges(path: string): AcceptedChange[] {
  if (!existsSync(path)) return [];
  const parsed = acceptedChangesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${path} is not a valid list of accepted changes: ${problems.join('; ')}`);
  }
  return parsed.data.accepted;
}

export type SchemaChange = { type: string; path: string; message: string; reason?: string };

export type ChangeReview = {
  /** Breaking changes nobody accepted: these fail the check. */
  breaking: SchemaChange[];
  /** Breaking changes listed in the accepted file, with the reviewer's reason. */
  accepted: (SchemaChange & { reason: string })[];
  dangerous: SchemaChange[];
  safe: SchemaChange[];
  /** Acceptances that match no change any more (the change shipped): safe to delete. */
  unused: AcceptedChange[];
};

const key = (change: { type: string; path: string }) => `${change.type} ${change.path}`;

/** Diffs two API schemas and sorts every change by what it means for existing clients. */
export async function reviewChanges(
  base: GraphQLSchema,
  proposed: GraphQLSchema,
  acceptances: readonly AcceptedChange[],
): Promise<ChangeReview> {
  const byKey = new Map(acceptances.map((a) => [key(a), a]));
  const used = new Set<string>();
  const review: ChangeReview = { breaking: [], accepted: [], dangerous: [], safe: [], unused: [] };
  for (const change of await diff(base, proposed)) {
    const found: SchemaChange = {
      type: change.type,
      path: change.path ?? '',
      message: change.message,
      ...(change.criticality.reason ? { reason: change.criticality.reason } : {}),
    };
    switch (change.criticality.level) {
      case CriticalityLevel.Breaking: {
        const acceptance = byKey.get(key(found));
        if (acceptance) {
          used.add(key(found));
          review.accepted.push({ ...found, reason: acceptance.reason });
        } else {
          review.breaking.push(found);
        }
        break;
      }
      case CriticalityLevel.Dangerous:
        review.dangerous.push(found);
        break;
      default:
        review.safe.push(found);
    }
  }
  review.unused = acceptances.filter((a) => !used.has(key(a)));
  return review;
}
