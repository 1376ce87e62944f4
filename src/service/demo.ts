/**
 * The demo tree `linden serve` puts into an empty store when no configuration
 * is given: people, groups and a service account under the first suffix, so
 * that `ldapsearch` shows something on first start.
 */
export interface DemoRecord {
  readonly dn: string;
  readonly attributes: Record<string, readonly string[]>;
}

export const DEMO_PASSWORD = 'linden-demo';

export function demoTree(suffix: string): DemoRecord[] {
  const rdn = suffix.split(',')[0]!;
  const [rdnType, rdnValue] = rdn.split('=') as [string, string];
  const top: DemoRecord =
    rdnType.toLowerCase() === 'dc'
      ? {
          dn: suffix,
          attributes: { objectClass: ['top', 'dcObject', 'organization'], dc: [rdnValue], o: [rdnValue] },
        }
      : rdnType.toLowerCase() === 'o'
        ? { dn: suffix, attributes: { objectClass: ['top', 'organization'], o: [rdnValue] } }
        : { dn: suffix, attributes: { objectClass: ['top', 'organizationalUnit'], ou: [rdnValue] } };
  const people = [
    ['alice', 'Alice', 'Andersen', '+1 555 0100', 1001],
    ['bob', 'Bob', 'Brown', '+1 555 0101', 1002],
    ['chloe', 'Chloé', 'Dubois', '+33 1 23 45 67 89', 1003],
    ['darius', 'Dariush', 'Karimi', '+98 21 1234 5678', 1004],
  ] as const;
  const records: DemoRecord[] = [
    top,
    { dn: `ou=people,${suffix}`, attributes: { objectClass: ['top', 'organizationalUnit'], ou: ['people'] } },
    { dn: `ou=groups,${suffix}`, attributes: { objectClass: ['top', 'organizationalUnit'], ou: ['groups'] } },
    {
      dn: `ou=services,${suffix}`,
      attributes: { objectClass: ['top', 'organizationalUnit'], ou: ['services'] },
    },
  ];
  for (const [uid, given, sn, phone, number] of people) {
    records.push({
      dn: `uid=${uid},ou=people,${suffix}`,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount'],
        uid: [uid],
        cn: [`${given} ${sn}`],
        givenName: [given],
        sn: [sn],
        displayName: [`${given} ${sn}`],
        mail: [`${uid}@example.org`],
        telephoneNumber: [phone],
        uidNumber: [String(number)],
        gidNumber: ['1000'],
        homeDirectory: [`/home/${uid}`],
        loginShell: ['/bin/bash'],
        userPassword: [DEMO_PASSWORD],
      },
    });
  }
  records.push(
    {
      dn: `cn=admins,ou=groups,${suffix}`,
      attributes: {
        objectClass: ['top', 'groupOfNames'],
        cn: ['admins'],
        member: [`uid=alice,ou=people,${suffix}`],
      },
    },
    {
      dn: `cn=staff,ou=groups,${suffix}`,
      attributes: {
        objectClass: ['top', 'groupOfNames'],
        cn: ['staff'],
        member: people.map(([uid]) => `uid=${uid},ou=people,${suffix}`),
      },
    },
    {
      dn: `cn=portal,ou=services,${suffix}`,
      attributes: {
        objectClass: ['top', 'applicationProcess', 'simpleSecurityObject'],
        cn: ['portal'],
        description: ['Service account an application binds as to look users up'],
        userPassword: [DEMO_PASSWORD],
      },
    },
  );
  return records;
}
