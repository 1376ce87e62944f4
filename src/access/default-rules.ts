/**
 * The rules a directory gets when its configuration has none: safe by
 * default, written in rule syntax so administrators can read (and copy) them.
 *
 * - userPassword is never read by anyone: its owner may change it, anonymous
 *   may use it to bind (bind is evaluated as anonymous, as in OpenLDAP).
 * - Anonymous clients may find an entry by uid or mail and learn its DN
 *   (search-then-bind): `read` on the entry itself shows the DN, `search` on
 *   objectClass, uid and mail lets filters test them without returning them.
 * - Authenticated users read everything else; nobody else writes.
 */
export const DEFAULT_RULES_TEXT = `# Linden's built-in access rules (used when the configuration gives none).
access to attrs=userPassword
    by self write
    by anonymous auth
    by * none
access to attrs=entry
    by users read
    by anonymous read
access to attrs=objectClass,uid,mail
    by users read
    by anonymous search
access to *
    by users read
`;
