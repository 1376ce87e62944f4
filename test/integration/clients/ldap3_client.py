"""ldap3 against Linden: get_info=ALL parses the root DSE and the subschema; prints JSON."""
import json
import sys

from ldap3 import ALL, MODIFY_REPLACE, SUBTREE, Connection, Server, Tls
import ssl

url, base, admin_dn, admin_pw, cacert = sys.argv[1:6]
out = {}
server = Server(url, get_info=ALL, tls=Tls(ca_certs_file=cacert, validate=ssl.CERT_REQUIRED))
conn = Connection(server, admin_dn, admin_pw, auto_bind=True)
out['namingContexts'] = [str(x) for x in server.info.naming_contexts]
out['vendor'] = [str(x) for x in (server.info.vendor_name or [])]
out['schemaHasInetOrgPerson'] = 'inetOrgPerson' in server.schema.object_classes
out['uidSyntax'] = server.schema.attribute_types['uid'].syntax
conn.search(base, '(uid=bob)', SUBTREE, attributes=['cn', 'mail', 'memberOf'])
out['bob'] = {'dn': conn.entries[0].entry_dn, 'cn': str(conn.entries[0].cn), 'memberOf': sorted(str(x) for x in conn.entries[0].memberOf.values)}
dn = 'uid=zhang,ou=people,' + base
conn.add(dn, ['inetOrgPerson'], {'uid': 'zhang', 'cn': '张伟', 'sn': '张', 'displayName': 'Zhāng Wěi'})
out['addResult'] = conn.result['description']
conn.modify(dn, {'displayName': [(MODIFY_REPLACE, ['張偉'])]})
conn.search(dn, '(objectClass=*)', attributes=['cn', 'displayName'])
out['zhang'] = {'cn': str(conn.entries[0].cn), 'displayName': str(conn.entries[0].displayName)}
out['whoami'] = conn.extend.standard.who_am_i()
generated = conn.extend.standard.modify_password(dn)
out['generatedPassword'] = bool(generated)
user = Connection(server, dn, generated)
user.open()
user.start_tls()
out['userBind'] = user.bind()
conn.delete(dn)
out['deleteResult'] = conn.result['description']
print(json.dumps(out, ensure_ascii=False))
