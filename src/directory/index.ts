export {
  AccessLevel,
  type AccessPolicy,
  type AccessQuestion,
  type AccessView,
  UNRESTRICTED,
} from './access-policy.ts';
export {
  type AttributeDescription,
  requireDescription,
  resolveDescription,
} from './attribute-description.ts';
export { checkCriticalControls, SUPPORTED_CONTROLS } from './controls.ts';
export { Directory, type DirectoryLimits, type DirectoryOptions } from './directory.ts';
export { DnService } from './dn-service.ts';
export { type Attribute, cloneEntry, type Entry, getFirstString, getValues, setValues } from './entry.ts';
export { decodeEntry, encodeEntry } from './entry-codec.ts';
export type { IndexKind } from './index-keys.ts';
export { isLocked, type LockoutPolicy, lockoutOverlay } from './lockout.ts';
export { type AddOptions, add } from './ops/add.ts';
export { type BindOutcome, bind } from './ops/bind.ts';
export { compare } from './ops/compare.ts';
export { del } from './ops/delete.ts';
export { modify } from './ops/modify.ts';
export { modifyDN } from './ops/modify-dn.ts';
export { PASSWORD_MODIFY_OID, passwordModify } from './ops/password-modify.ts';
export type { Overlay, WriteEvent } from './overlay.ts';
export { type IdentifierRule, identifierOverlay } from './overlays/identifier.ts';
export { memberOfOverlay } from './overlays/member-of.ts';
export { referentialIntegrityOverlay } from './overlays/referential-integrity.ts';
export { type UniquenessRule, uniquenessOverlay } from './overlays/unique.ts';
export type { PasswordPolicy } from './passwords.ts';
export { followStoredIndexes, INDEX_CONFIG_META_KEY, syncIndexes } from './reindex.ts';
export { ANONYMOUS_REQUESTER, type OperationEnv, type Requester } from './requester.ts';
export { matchFilter, matchFilterSync } from './search/match.ts';
export { type SearchDone, type SearchSink, search } from './search/search.ts';
