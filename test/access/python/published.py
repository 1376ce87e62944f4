"""End-to-end checks of the published directory's access rules with python-ldap.

Usage: published.py <ldap-url>. Exits non-zero, naming the check, on the first failure.
"""
import sys

import ldap

URL = sys.argv[1]
BASE = "dc=cde-ev,dc=de"
USERS = "ou=users," + BASE
GROUPS = "ou=groups," + BASE
ANTON = "uid=1," + USERS
BERTA = "uid=2," + USERS


def connect(dn="", password=""):
    c = ldap.initialize(URL)
    c.protocol_version = 3
    c.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_NEVER)
    c.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    c.start_tls_s()
    c.simple_bind_s(dn, password)
    return c


def check(name, condition):
    if not condition:
        sys.exit("FAILED: " + name)


def code(fn):
    try:
        fn()
        return "success"
    except ldap.LDAPError as e:
        return type(e).__name__


# Binds need TLS here.
plain = ldap.initialize(URL)
check("bind without TLS is refused", code(lambda: plain.simple_bind_s(ANTON, "1-pw")) == "CONFIDENTIALITY_REQUIRED")

anton = connect(ANTON, "1-pw")
own = anton.search_s(USERS, ldap.SCOPE_ONELEVEL, "(objectClass=*)", ["cn", "memberOf", "userPassword"])
check("a user reads only their own entry", [dn for dn, _ in own] == [ANTON])
check("with their memberships, without the hash", sorted(own[0][1]) == ["cn", "memberOf"])
check("a user sees no groups", code(lambda: anton.search_s(GROUPS, ldap.SCOPE_SUBTREE, "(objectClass=*)")) == "NO_SUCH_OBJECT")

wiki = connect("cn=wiki,ou=duas," + BASE, "wiki-pw")
users = wiki.search_s(USERS, ldap.SCOPE_ONELEVEL, "(mail=*)", ["mail", "memberOf"])
check("a DUA reads every user", sorted(dn for dn, _ in users) == [ANTON, BERTA])
check("but not memberships", all("memberOf" not in a for _, a in users))
check("nor groups", code(lambda: wiki.search_s(GROUPS, ldap.SCOPE_SUBTREE, "(objectClass=*)")) == "NO_SUCH_OBJECT")

mailman = connect("cn=mailman,ou=duas," + BASE, "mailman-pw")
groups = mailman.search_s(GROUPS, ldap.SCOPE_SUBTREE, "(uniqueMember=*)", ["cn"])
check("a granted DUA reads groups", len(groups) == 6)

for who in (anton, wiki, mailman):
    check("nobody writes", code(lambda: who.modify_s(BERTA, [(ldap.MOD_REPLACE, "mail", [b"x@y.z"])])) == "INSUFFICIENT_ACCESS")
    check("no password hash leaves", all("userPassword" not in a for _, a in who.search_s(USERS, ldap.SCOPE_ONELEVEL, "(objectClass=*)", ["userPassword"])))
check("no password change over LDAP", code(lambda: anton.passwd_s(ANTON, None, "new")) == "INSUFFICIENT_ACCESS")
print("ok")
