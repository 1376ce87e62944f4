"""End-to-end checks of the community directory's access rules with python-ldap.

Usage: community.py <ldap-url>. Exits non-zero, naming the check, on the first failure.
"""
import sys

import ldap

URL = sys.argv[1]
BASE = "dc=mozillians,dc=org"
PEOPLE = "ou=people," + BASE
TAGS = "ou=tags," + BASE
ALICE = "uniqueIdentifier=7f3a67u000001," + PEOPLE
CAROL = "uniqueIdentifier=7f3a67u000003," + PEOPLE
DAVE = "uniqueIdentifier=7f3a67u000004," + PEOPLE
OPEN_GROUP = "uniqueIdentifier=ab83c301007f," + TAGS
MANAGED = "uniqueIdentifier=ab83c3010200," + TAGS


def connect(dn="", password=""):
    c = ldap.initialize(URL)
    c.protocol_version = 3
    c.simple_bind_s(dn, password)
    return c


def check(name, condition):
    if not condition:
        sys.exit("FAILED: " + name)


def refused(fn):
    try:
        fn()
    except ldap.INSUFFICIENT_ACCESS:
        return True
    return False


# Search-then-bind as the notes describe: anonymous, onelevel, (uid=…), attribute list uid.
anon = connect()
found = anon.search_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=alice)", ["uid"])
check("anonymous finds exactly the DN", found == [(ALICE, {})])
check("anonymous cannot search on cn", anon.search_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(sn=Example)") == [])
alice = connect(found[0][0], "alice-pw")
check("whoami after bind", alice.whoami_s() == "dn:" + ALICE)
try:
    connect(ALICE, "wrong")
    check("a wrong password is refused", False)
except ldap.INVALID_CREDENTIALS:
    pass

# A vouched member reads others; passwords never come back.
entry = alice.search_s(CAROL, ldap.SCOPE_BASE, "(objectClass=*)", ["cn", "mail", "userPassword"])
check("vouched member reads an applicant", entry[0][1] == {"cn": [b"Carol Newcomer"], "mail": [b"carol@example.net"]})
members = alice.search_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(&(objectclass=inetOrgPerson)(mozilliansVouchedBy=*))", ["uid"])
check("members search", sorted(a["uid"][0] for _, a in members) == [b"alice", b"bob", b"dave"])

# An applicant sees little.
carol = connect(CAROL, "carol-pw")
check("applicant sees no attributes of others", carol.search_s(PEOPLE, ldap.SCOPE_ONELEVEL, "(uid=alice)", ["cn"]) == [(ALICE, {})])
check("applicant cannot test objectClass of others", carol.search_s(ALICE, ldap.SCOPE_BASE, "(objectClass=*)") == [])

# Own entry: listed attributes only.
dave = connect(DAVE, "dave-pw")
dave.modify_s(DAVE, [(ldap.MOD_REPLACE, "telephoneNumber", [b"+44 1234 567004"])])
check("no objectClass change", refused(lambda: dave.modify_s(DAVE, [(ldap.MOD_ADD, "objectClass", [b"pilotPerson"])])))
try:
    dave.modify_s(DAVE, [(ldap.MOD_DELETE, "sn", None)])
    check("a MUST attribute cannot be removed", False)
except ldap.OBJECT_CLASS_VIOLATION:
    pass

# RFC 3062 password change.
dave.passwd_s(DAVE, None, "dave-new-pw")
connect(DAVE, "dave-new-pw").unbind_s()

# Vouching writes only the voucher's own DN.
check("vouch with someone else's DN", refused(lambda: dave.modify_s(CAROL, [(ldap.MOD_ADD, "mozilliansVouchedBy", [ALICE.encode()])])))
dave.modify_s(CAROL, [(ldap.MOD_ADD, "mozilliansVouchedBy", [DAVE.encode()])])
check("vouched applicant now reads", connect(CAROL, "carol-pw").search_s(ALICE, ldap.SCOPE_BASE, "(objectClass=*)", ["cn"])[0][1] == {"cn": [b"Alice Example"]})

# Open groups: join and leave value by value; nobody else's DN.
dave.modify_s(OPEN_GROUP, [(ldap.MOD_ADD, "member", [DAVE.encode()])])
dave.modify_s(OPEN_GROUP, [(ldap.MOD_DELETE, "member", [DAVE.encode()])])
check("join for someone else", refused(lambda: dave.modify_s(OPEN_GROUP, [(ldap.MOD_ADD, "member", [CAROL.encode()])])))

# Managed groups: only the manager group's members.
check("non-steward manages", refused(lambda: dave.modify_s(MANAGED, [(ldap.MOD_ADD, "member", [DAVE.encode()])])))
alice.modify_s(MANAGED, [(ldap.MOD_ADD, "member", [DAVE.encode()])])

# Only the registration account creates people.
new = [("objectClass", [b"inetOrgPerson", b"mozilliansPerson"]), ("uniqueIdentifier", [b"7f3a67u000009"]), ("cn", [b"Erin"]), ("sn", [b"New"]), ("uid", [b"erin"]), ("userPassword", [b"erin-pw"])]
check("a member creates a person", refused(lambda: alice.add_s("uniqueIdentifier=7f3a67u000009," + PEOPLE, new)))
registration = connect("cn=registration,ou=system," + BASE, "registration-pw")
registration.add_s("uniqueIdentifier=7f3a67u000009," + PEOPLE, new)
connect("uniqueIdentifier=7f3a67u000009," + PEOPLE, "erin-pw").unbind_s()
print("ok")
