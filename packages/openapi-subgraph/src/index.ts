export {
  generateFromLoaded,
  generateSubgraph,
  type GenerateOptions,
  type GeneratedSubgraph,
} from './generate';
export type { ExternalEntities } from './entity-links';
export { loadSource, type LoadedSource, type Source, type SourceOptions } from './load';
export { readSourcesFile, type SourcesFileEntry } from './sources-file';
export {
  ERROR_CODES,
  WARNING_CODES,
  OpenApiSubgraphError,
  formatWarning,
  type ErrorCode,
  type GenerationWarning,
  type WarningCode,
} from './errors';
export type * from './plan';
export { operationKey } from './plan';
export { SCALARS } from './scalars';
