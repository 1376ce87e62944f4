/**
 * What the console offers to create: each template names its object classes,
 * the attribute that names the entry, the fields shown first, and which
 * numbers Linden allocates (next free above the highest in use) when left empty.
 */
export interface EntryTemplate {
  readonly id: string;
  readonly label: string;
  readonly objectClasses: readonly string[];
  readonly rdnAttribute: string;
  readonly fields: readonly string[];
  readonly allocate?: readonly string[];
  /** Values filled in from other fields: `{uid}` is replaced by the uid typed. */
  readonly defaults?: Readonly<Record<string, string>>;
  /** The attribute holding members (groups), and whether it holds DNs or uids. */
  readonly members?: { readonly attribute: string; readonly kind: 'dn' | 'uid' };
}

export const ENTRY_TEMPLATES: readonly EntryTemplate[] = [
  {
    id: 'user',
    label: 'User (inetOrgPerson)',
    objectClasses: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    rdnAttribute: 'uid',
    fields: ['uid', 'givenName', 'sn', 'cn', 'displayName', 'mail', 'telephoneNumber', 'userPassword'],
    defaults: { cn: '{givenName} {sn}' },
  },
  {
    id: 'posix-user',
    label: 'User (posixAccount)',
    objectClasses: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount'],
    rdnAttribute: 'uid',
    fields: [
      'uid',
      'givenName',
      'sn',
      'cn',
      'mail',
      'uidNumber',
      'gidNumber',
      'homeDirectory',
      'loginShell',
      'userPassword',
    ],
    allocate: ['uidNumber', 'gidNumber'],
    defaults: { cn: '{givenName} {sn}', homeDirectory: '/home/{uid}', loginShell: '/bin/bash' },
  },
  {
    id: 'group',
    label: 'Group (groupOfNames)',
    objectClasses: ['top', 'groupOfNames'],
    rdnAttribute: 'cn',
    fields: ['cn', 'description', 'owner'],
    members: { attribute: 'member', kind: 'dn' },
  },
  {
    id: 'unique-group',
    label: 'Group (groupOfUniqueNames)',
    objectClasses: ['top', 'groupOfUniqueNames'],
    rdnAttribute: 'cn',
    fields: ['cn', 'description', 'owner'],
    members: { attribute: 'uniqueMember', kind: 'dn' },
  },
  {
    id: 'posix-group',
    label: 'Group (posixGroup)',
    objectClasses: ['top', 'posixGroup'],
    rdnAttribute: 'cn',
    fields: ['cn', 'gidNumber', 'description'],
    allocate: ['gidNumber'],
    members: { attribute: 'memberUid', kind: 'uid' },
  },
  {
    id: 'ou',
    label: 'Organizational unit',
    objectClasses: ['top', 'organizationalUnit'],
    rdnAttribute: 'ou',
    fields: ['ou', 'description'],
  },
  {
    id: 'service',
    label: 'Service account',
    objectClasses: ['top', 'applicationProcess', 'simpleSecurityObject'],
    rdnAttribute: 'cn',
    fields: ['cn', 'description', 'userPassword'],
  },
];
