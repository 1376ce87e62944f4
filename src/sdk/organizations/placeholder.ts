import { randomUUID } from 'node:crypto';
import { type Organization, PLACEHOLDER_PREFIX, UNKNOWN_CODE } from './model.ts';
import { invalid } from './placement.ts';

/** The top-level organization placeholders hang under. */
export function unknownOrganization(topLevel: string | undefined): Organization {
  if (topLevel === undefined) throw invalid('placeholders need a top organization level and one below it');
  return {
    code: UNKNOWN_CODE,
    shortName: UNKNOWN_CODE,
    longName: 'Unknown organization (placeholders for unrecognized directory strings)',
    parent: null,
    level: topLevel,
  };
}

/** A placeholder below "Unknown" for one unrecognized directory string. */
export function placeholderFor(directoryString: string, level: string): Organization {
  return {
    code: `${PLACEHOLDER_PREFIX}${randomUUID().replaceAll('-', '')}`,
    shortName: directoryString.slice(0, 100),
    longName: `Placeholder for directory string "${directoryString}"`,
    parent: UNKNOWN_CODE,
    level,
  };
}
