#!/usr/bin/perl
# Net::LDAP against Linden: prints key=value lines.
use strict;
use warnings;
use utf8;
use Net::LDAP;
use Encode qw(decode encode);
binmode STDOUT, ':encoding(UTF-8)';
my ($url, $base, $admin_dn, $admin_pw) = @ARGV;
my $ldap = Net::LDAP->new($url) or die "$@";
my $m = $ldap->bind($admin_dn, password => $admin_pw);
print "bind=", $m->code, "\n";
$m = $ldap->search(base => $base, filter => '(uid=chloe)', attrs => ['cn']);
print "search.count=", $m->count, "\n";
print "chloe.cn=", decode('UTF-8', $m->entry(0)->get_value('cn')), "\n";
$m = $ldap->add("uid=soren,ou=people,$base", attrs => [
  objectClass => 'inetOrgPerson', uid => 'soren', cn => encode('UTF-8', 'Søren Kierkegård'), sn => encode('UTF-8', 'Kierkegård')]);
print "add=", $m->code, "\n";
$m = $ldap->compare("uid=soren,ou=people,$base", attr => 'sn', value => encode('UTF-8', 'kierkegård'));
print "compare=", $m->code, "\n";
$m = $ldap->delete("ou=people,$base");
print "deleteNonLeaf=", $m->code, "\n";
$m = $ldap->delete("uid=soren,ou=people,$base");
print "delete=", $m->code, "\n";
$ldap->unbind;
