import { AccessLevel, type AccessPolicy, type AccessView } from '../directory/index.ts';

/**
 * Access for directories whose configuration has no rules, until the rule
 * engine's default rule set is loaded in its place: userPassword is for bind
 * only (self may write it), anonymous may find entries by uid, mail and
 * objectClass (search-then-bind), authenticated users read everything else and
 * write their own entry.
 */
export const interimAccessPolicy: AccessPolicy = {
  async prepare(requester): Promise<AccessView> {
    const anonymous = requester.ndn === '';
    return {
      unrestricted: false,
      can(q) {
        const self = !anonymous && q.entry.ndn === requester.ndn;
        if (q.attribute === 'userpassword') {
          if (self) return q.level <= AccessLevel.write;
          return anonymous && q.level <= AccessLevel.auth;
        }
        if (anonymous) {
          // The DN of a matching entry (read on `entry`), found by searching uid, mail or objectClass.
          if (q.attribute === 'entry') return q.level <= AccessLevel.read;
          if (q.level > AccessLevel.search) return false;
          return ['objectclass', 'uid', 'mail'].includes(q.attribute);
        }
        if (self && q.attribute !== 'children' && q.attribute !== 'objectclass') return q.level <= AccessLevel.write;
        return q.level <= AccessLevel.read;
      },
    };
  },
};
