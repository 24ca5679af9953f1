// Sources: the registry of source types and the adapter interface they share.
export * from './registry';
export { SourceError, type Source } from './source';
export type { SourceContext, SourceType } from './source-type';
