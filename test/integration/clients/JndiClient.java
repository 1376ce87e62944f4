import java.util.*;
import javax.naming.*;
import javax.naming.directory.*;

/** JNDI against Linden: prints one line per observation, key=value. */
public class JndiClient {
  public static void main(String[] args) throws Exception {
    String url = args[0], base = args[1], adminDn = args[2], adminPw = args[3];
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, url + "/" + base);
    env.put(Context.SECURITY_AUTHENTICATION, "simple");
    env.put(Context.SECURITY_PRINCIPAL, adminDn);
    env.put(Context.SECURITY_CREDENTIALS, adminPw);
    DirContext ctx = new InitialDirContext(env);
    SearchControls sc = new SearchControls();
    sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
    sc.setReturningAttributes(new String[] {"cn", "mail"});
    NamingEnumeration<SearchResult> r = ctx.search("", "(uid={0})", new Object[] {"alice"}, sc);
    SearchResult alice = r.next();
    System.out.println("alice.dn=" + alice.getNameInNamespace());
    System.out.println("alice.cn=" + alice.getAttributes().get("cn").get());
    BasicAttributes attrs = new BasicAttributes(true);
    BasicAttribute oc = new BasicAttribute("objectClass");
    oc.add("inetOrgPerson");
    attrs.put(oc);
    attrs.put("uid", "jose");
    attrs.put("cn", "José Müller-Ødegård");
    attrs.put("sn", "Müller");
    attrs.put("userPassword", "jävä-sëcret");
    ctx.createSubcontext("uid=jose,ou=people", attrs);
    Attributes back = ctx.getAttributes("uid=jose,ou=people", new String[] {"cn", "userPassword"});
    System.out.println("jose.cn=" + back.get("cn").get());
    System.out.println("jose.password=" + (back.get("userPassword") == null ? "hidden" : "returned"));
    ctx.modifyAttributes("uid=jose,ou=people", new ModificationItem[] {
        new ModificationItem(DirContext.ADD_ATTRIBUTE, new BasicAttribute("description", "ñandú"))});
    System.out.println("jose.description=" + ctx.getAttributes("uid=jose,ou=people", new String[] {"description"}).get("description").get());
    Hashtable<String, String> userEnv = new Hashtable<>(env);
    userEnv.put(Context.SECURITY_PRINCIPAL, "uid=jose,ou=people," + base);
    userEnv.put(Context.SECURITY_CREDENTIALS, "jävä-sëcret");
    new InitialDirContext(userEnv).close();
    System.out.println("jose.bind=ok");
    userEnv.put(Context.SECURITY_CREDENTIALS, "wrong");
    try {
      new InitialDirContext(userEnv).close();
      System.out.println("jose.wrongBind=accepted");
    } catch (AuthenticationException e) {
      System.out.println("jose.wrongBind=refused");
    }
    ctx.rename("uid=jose,ou=people", "uid=jose2,ou=people");
    System.out.println("renamed.uid=" + ctx.getAttributes("uid=jose2,ou=people", new String[] {"uid"}).get("uid").size());
    ctx.destroySubcontext("uid=jose2,ou=people");
    try {
      ctx.getAttributes("uid=jose2,ou=people");
      System.out.println("deleted=no");
    } catch (NameNotFoundException e) {
      System.out.println("deleted=yes");
    }
    ctx.close();
  }
}
