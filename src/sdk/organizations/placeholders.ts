import { type Organization, type OrganizationStore, UNKNOWN_CODE } from './model.ts';
import { invalid, missing } from './placement.ts';

export interface Placeholder {
  readonly organization: Organization;
  /** The directory strings that map to it (normally the one that created it). */
  readonly directoryStrings: readonly string[];
  readonly members: readonly string[];
}

/** The children of "Unknown": placeholders waiting for an administrator. */
export async function listPlaceholders(store: OrganizationStore): Promise<Placeholder[]> {
  const out: Placeholder[] = [];
  for (const organization of await store.listOrganizations({ parent: UNKNOWN_CODE })) {
    const mappings = await store.listMappings({ organization: organization.code });
    out.push({
      organization,
      directoryStrings: mappings.map((m) => m.directoryString),
      members: await store.membersOf(organization.code),
    });
  }
  return out;
}

/**
 * How a placeholder is resolved:
 * - `rename`: it was a missing organization; give it its real code and names
 *   and move it under `parent` (its mapping and members stay with it);
 * - `merge`: its string should have meant an existing organization; the
 *   mapping is pointed there, its members join it, and the placeholder is deleted.
 */
export type PlaceholderResolution =
  | {
      readonly kind: 'rename';
      readonly code?: string;
      readonly shortName?: string;
      readonly longName?: string;
      /** The new parent's code; null for a top-level organization. */
      readonly parent: string | null;
      readonly level?: string;
    }
  | { readonly kind: 'merge'; readonly into: string };

export type PlaceholderResolved =
  | { readonly kind: 'rename'; readonly organization: Organization }
  | {
      readonly kind: 'merge';
      readonly into: string;
      readonly movedMembers: string[];
      readonly movedMappings: string[];
    };

/** One transaction either way; throws `LINDEN_SDK_NOT_FOUND` / `LINDEN_SDK_INVALID_ARGUMENT` and changes nothing. */
export async function resolvePlaceholder(
  store: OrganizationStore,
  code: string,
  resolution: PlaceholderResolution,
): Promise<PlaceholderResolved> {
  const placeholder = await store.findOrganization(code);
  if (!placeholder) throw missing(`no organization ${code}`);
  if (placeholder.parent !== UNKNOWN_CODE)
    throw invalid(`${code} is not a placeholder (its parent is not ${UNKNOWN_CODE})`);
  switch (resolution.kind) {
    case 'rename': {
      if (resolution.parent === UNKNOWN_CODE) throw invalid(`move ${code} out of ${UNKNOWN_CODE}`);
      const organization = await store.updateOrganization(code, {
        parent: resolution.parent,
        ...(resolution.code !== undefined ? { code: resolution.code } : {}),
        ...(resolution.shortName !== undefined ? { shortName: resolution.shortName } : {}),
        ...(resolution.longName !== undefined ? { longName: resolution.longName } : {}),
        ...(resolution.level !== undefined ? { level: resolution.level } : {}),
      });
      return { kind: 'rename', organization };
    }
    case 'merge': {
      if (resolution.into === UNKNOWN_CODE) throw invalid(`merge ${code} into a real organization`);
      const moved = await store.mergeOrganization(code, resolution.into);
      return { kind: 'merge', into: resolution.into, ...moved };
    }
  }
}
