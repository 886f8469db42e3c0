import { apiSchemaOf } from './api-schema';
import { readAcceptedChanges, reviewChanges, type ChangeReview } from './breaking-changes';
import { readOperationFiles, reviewOperations, type OperationsReview } from './client-operations';
import { composeProposed, type ProposedSchema } from './compose-proposed';

export type SchemaCheckOptions = {
  /** supergraph.yaml (rover's format). */
  configPath: string;
  /** A schema file to check in place of its subgraph's; default: the working tree as is. */
  proposed?: ProposedSchema;
  /** The supergraph clients get today (the committed supergraph.graphql). */
  baseSupergraphSdl: string;
  /** Folder of the client operations that must keep working (`operations/`). */
  operationsDir: string;
  /** Operation files are printed relative to this folder (default: operationsDir). */
  root?: string;
  /** `schema-changes.accepted.json`; a missing file accepts nothing. */
  acceptedChangesPath: string;
};

export type SchemaCheckResult = {
  composition: { ok: boolean; errors: string[]; hints: string[] };
  /** Absent when composition failed: there is no API schema to compare. */
  changes?: ChangeReview;
  operations?: OperationsReview;
  ok: boolean;
};

/**
 * What `rover subgraph check` does against a registry, done against the repo: compose the
 * proposal, diff its API schema with the current one, and run the clients' operations
 * against it.
 */
export async function checkSchema(options: SchemaCheckOptions): Promise<SchemaCheckResult> {
  const outcome = composeProposed(options.configPath, options.proposed);
  if (!outcome.ok) {
    return { ok: false, composition: { ok: false, errors: outcome.errors, hints: outcome.hints } };
  }
  const proposedApi = apiSchemaOf(outcome.supergraphSdl);
  const changes = await reviewChanges(
    apiSchemaOf(options.baseSupergraphSdl),
    proposedApi,
    readAcceptedChanges(options.acceptedChangesPath),
  );
  const operations = reviewOperations(
    proposedApi,
    readOperationFiles(options.operationsDir, options.root),
  );
  return {
    ok: changes.breaking.length === 0 && operations.broken.length === 0,
    composition: { ok: true, errors: [], hints: outcome.hints },
    changes,
    operations,
  };
}
