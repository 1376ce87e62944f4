/**
 * The OpenLDAP command-line client suite (`test/integration/ldap-utils.test.ts`:
 * add, modify, delete, modrdn of a subtree, search, paged results, bind,
 * Password Modify, non-ASCII values, TLS) against a Linden whose store is
 * PostgreSQL.
 */
import './use-postgres.ts';
import '../integration/ldap-utils.test.ts';
