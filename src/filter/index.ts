/**
 * Search filters: the model shared with the BER codec (RFC 4511 §4.5.1.7),
 * the string form (RFC 4515), escaping for applications, and walkers.
 */
export { escapeFilterValue } from './escape.ts';
export { formatFilter } from './format.ts';
export type {
  AndFilter,
  ApproxFilter,
  EqualityFilter,
  ExtensibleFilter,
  Filter,
  FilterType,
  GreaterOrEqualFilter,
  LessOrEqualFilter,
  NotFilter,
  OrFilter,
  PresentFilter,
  SubstringFilter,
} from './model.ts';
export type { ParseFilterOptions } from './parse.ts';
export { defaultFilterLimits, parseFilter } from './parse.ts';
export type { FilterTemplateValue } from './template.ts';
export { filter } from './template.ts';
export type { FilterVisitor } from './walk.ts';
export { filterAttributes, filterDepth, filterHasUnboundMatch, filterSize, walkFilter } from './walk.ts';
