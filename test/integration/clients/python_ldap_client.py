"""python-ldap against Linden: prints one JSON object with what it observed."""
import json
import sys

import ldap
from ldap.controls import SimplePagedResultsControl
from ldap.filter import escape_filter_chars
from ldap.extop.passwd import PasswordModifyResponse

url, base, admin_dn, admin_pw, cacert = sys.argv[1:6]
out = {}

ldap.set_option(ldap.OPT_X_TLS_CACERTFILE, cacert)
ldap.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)

# Search-then-bind, as an application does it: anonymous lookup, then bind with the DN found.
conn = ldap.initialize(url)
conn.protocol_version = 3
conn.set_option(ldap.OPT_X_TLS_CACERTFILE, cacert)
conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
conn.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
conn.start_tls_s()
found = conn.search_s(base, ldap.SCOPE_SUBTREE, '(uid=%s)' % escape_filter_chars('alice'), ['1.1'])
out['lookup'] = [dn for dn, _ in found]
conn.simple_bind_s(found[0][0], 'linden-demo')
out['whoami'] = conn.whoami_s()
hostile = conn.search_s(base, ldap.SCOPE_SUBTREE, '(uid=%s)' % escape_filter_chars('*)(uid=*'), ['1.1'])
out['hostile'] = len(hostile)
conn.unbind_s()

admin = ldap.initialize(url)
admin.simple_bind_s(admin_dn, admin_pw)
dn = 'uid=renée,ou=people,' + base
admin.add_s(dn, [
    ('objectClass', [b'inetOrgPerson']),
    ('uid', ['renée'.encode()]),
    ('cn', ['Renée Łukasz 李 علي'.encode()]),
    ('sn', ['Łukasz'.encode()]),
    ('userPassword', ['pässwörd'.encode()]),
])
got = admin.search_s(dn, ldap.SCOPE_BASE, '(objectClass=*)', ['cn', 'userPassword'])
out['cn'] = got[0][1]['cn'][0].decode()
out['passwordReturned'] = 'userPassword' in got[0][1]
admin.modify_s(dn, [(ldap.MOD_ADD, 'description', ['première'.encode()]), (ldap.MOD_REPLACE, 'sn', ['Nowak'.encode()])])
out['compare'] = admin.compare_s(dn, 'sn', b'nowak')
try:
    admin.modify_s(dn, [(ldap.MOD_DELETE, 'sn', None)])
    out['deleteMust'] = 'allowed'
except ldap.OBJECT_CLASS_VIOLATION as e:
    out['deleteMust'] = 'objectClassViolation'
try:
    admin.add_s(dn, [('objectClass', [b'inetOrgPerson']), ('uid', ['renée'.encode()]), ('cn', [b'x']), ('sn', [b'x'])])
except ldap.ALREADY_EXISTS:
    out['duplicate'] = 'alreadyExists'
try:
    admin.search_s('ou=nowhere,' + base, ldap.SCOPE_SUBTREE, '(objectClass=*)')
except ldap.NO_SUCH_OBJECT as e:
    out['noSuchObject'] = e.args[0].get('matched')

# The user binds with the non-ASCII password, in NFD form too.
user = ldap.initialize(url)
user.simple_bind_s(dn, 'pässwörd')
import unicodedata
user2 = ldap.initialize(url)
user2.simple_bind_s(dn, unicodedata.normalize('NFD', 'pässwörd'))
out['nfdBind'] = True
res = user.passwd_s(dn, None, 'new-secret', extract_newpw=False)
user.unbind_s()
ldap.initialize(url).simple_bind_s(dn, 'new-secret')
out['passwdChanged'] = True

# Paged results across the people OU.
page = SimplePagedResultsControl(True, size=2, cookie='')
dns = []
while True:
    msgid = admin.search_ext(base, ldap.SCOPE_SUBTREE, '(objectClass=inetOrgPerson)', ['1.1'], serverctrls=[page])
    _, data, _, ctrls = admin.result3(msgid)
    dns += [d for d, _ in data]
    pctrl = [c for c in ctrls if c.controlType == SimplePagedResultsControl.controlType]
    if not pctrl or not pctrl[0].cookie:
        break
    page.cookie = pctrl[0].cookie
out['paged'] = len(dns)
out['pagedUnique'] = len(set(dns))
admin.delete_s(dn)
out['deleted'] = len(admin.search_s(base, ldap.SCOPE_SUBTREE, '(uid=renée)', ['1.1']))
print(json.dumps(out))
