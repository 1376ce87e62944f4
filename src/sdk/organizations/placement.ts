import { SdkError, SdkErrorCode } from '../errors.ts';
import type { Organization, OrganizationLevel } from './model.ts';

/**
 * Where an organization may sit: a top-level organization has no parent, and
 * any other one sits at the level whose parent level is its parent's level.
 * Both stores call these inside their transactions, so the rule holds however
 * the store is written to.
 */
export function topLevel(levels: readonly OrganizationLevel[]): OrganizationLevel | undefined {
  return highest(levels.filter((l) => l.parent === null));
}

/** The level just below `name` (the highest-ranked one, should several share that parent). */
export function levelBelow(
  levels: readonly OrganizationLevel[],
  name: string,
): OrganizationLevel | undefined {
  return highest(levels.filter((l) => l.parent === name));
}

/** The level an organization gets under `parent`, checking a requested one. */
export function placeOrganization(
  levels: readonly OrganizationLevel[],
  parent: Organization | null,
  requested: string | undefined,
): string {
  if (requested !== undefined) {
    const level = levels.find((l) => l.name === requested);
    if (!level) throw invalid(`no organization level ${requested}`);
    const expected = parent === null ? null : parent.level;
    if (level.parent !== expected) {
      throw invalid(
        parent === null
          ? `an organization at level ${requested} needs a parent at level ${level.parent}`
          : `level ${requested} does not sit below ${parent.code}'s level ${parent.level}`,
      );
    }
    return level.name;
  }
  const level = parent === null ? topLevel(levels) : levelBelow(levels, parent.level);
  if (!level) {
    throw invalid(
      parent === null ? 'no top organization level is defined' : `no level below ${parent.level}`,
    );
  }
  return level.name;
}

/** Codes are names administrators type: non-empty, no surrounding spaces, no control characters. */
export function checkCode(code: string): void {
  if (code.length === 0 || code.length > 200 || code.trim() !== code || /[\u0000-\u001f\u007f]/.test(code)) {
    throw invalid(`not a usable organization code: ${JSON.stringify(code)}`);
  }
}

export function invalid(message: string): SdkError {
  return new SdkError(SdkErrorCode.invalidArgument, message);
}

export function missing(what: string): SdkError {
  return new SdkError(SdkErrorCode.notFound, what);
}

function highest(levels: readonly OrganizationLevel[]): OrganizationLevel | undefined {
  return [...levels].sort((a, b) => b.rank - a.rank)[0];
}
