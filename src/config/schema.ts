import { z } from 'zod';

/**
 * Linden's configuration: one YAML file, every key documented here, every key
 * overridable from the environment (`limits.maxPduBytes` ← `LINDEN_LIMITS_MAX_PDU_BYTES`).
 * With no file at all, the defaults serve a demo tree on ldap://127.0.0.1:3389.
 */

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:3389');

const indexKind = z.enum(['eq', 'pres', 'sub', 'ord']);

export const configSchema = z
  .object({
    /** Folder for the embedded store, generated TLS material and state. */
    dataDir: z.string().default('./linden-data'),
    /** Naming contexts served, e.g. `dc=example,dc=org`. */
    suffixes: z.array(z.string().min(1)).min(1).default(['dc=example,dc=org']),
    listen: z
      .object({
        /** Plain LDAP (StartTLS is offered when tls is configured). Empty string: no plain listener. */
        ldap: hostPort.or(z.literal('')).default('127.0.0.1:3389'),
        /** LDAP over TLS (ldaps://); needs tls.certFile and tls.keyFile. */
        ldaps: hostPort.or(z.literal('')).default(''),
        /** HTTP listener for the web console, the JSON API, /metrics and health. */
        http: hostPort.or(z.literal('')).default('127.0.0.1:8389'),
      })
      .strict()
      .default({ ldap: '127.0.0.1:3389', ldaps: '', http: '127.0.0.1:8389' }),
    tls: z
      .object({
        certFile: z.string().optional(),
        keyFile: z.string().optional(),
        /** Refuse simple binds with a password on connections without TLS (confidentialityRequired). */
        requireForBind: z.boolean().default(false),
        /** Refuse every operation but bind/StartTLS on connections without TLS. */
        requireForAll: z.boolean().default(false),
      })
      .strict()
      .default({ requireForBind: false, requireForAll: false }),
    store: z
      .object({
        engine: z.enum(['lmdb', 'memory', 'postgres']).default('lmdb'),
        /** LMDB: the environment folder (default `<dataDir>/store`). */
        path: z.string().optional(),
        /** LMDB: largest size the map may grow to, in bytes. */
        mapSize: z.number().int().positive().optional(),
        /**
         * PostgreSQL: `postgres://user@host:port/database` (also `LINDEN_STORE_URL`); `?sslmode=require`
         * or `verify-full` turns TLS on. Prefer urlPasswordFile to a password in the URL.
         */
        url: z.string().optional(),
        /** PostgreSQL: a file holding the database password (one line); it replaces any password in the URL. */
        urlPasswordFile: z.string().optional(),
        /** PostgreSQL: connections each node keeps for reads and writes (one more listens for other nodes' changes). */
        poolSize: z.number().int().positive().default(10),
        /** PostgreSQL: TLS to the database server. */
        ssl: z
          .object({
            /** PEM file of the CA(s) that signed the server's certificate (default: the system's CAs). */
            caFile: z.string().optional(),
            /** Check the server's certificate and name; false only for testing. */
            rejectUnauthorized: z.boolean().default(true),
          })
          .strict()
          .optional(),
        /** PostgreSQL: seconds a start-up keeps retrying (with back-off) while the database is not reachable yet. */
        connectTimeout: z.number().min(0).default(30),
        /** PostgreSQL: seconds one statement (or a wait for the write lock) may take before the operation fails. */
        statementTimeout: z.number().positive().default(30),
        /** PostgreSQL: apply pending schema migrations at start; false: refuse an unmigrated database (`linden store migrate`). */
        autoMigrate: z.boolean().default(true),
      })
      .strict()
      .default({ engine: 'lmdb', poolSize: 10, connectTimeout: 30, statementTimeout: 30, autoMigrate: true }),
    admin: z
      .object({
        /** The administrator DN: it bypasses access rules. */
        dn: z.string().optional(),
        /** Prefer passwordFile or LINDEN_ADMIN_PASSWORD: a password here is readable by anyone who reads the file. */
        password: z.string().optional(),
        passwordFile: z.string().optional(),
      })
      .strict()
      .default({}),
    schema: z
      .object({
        /** Extra schema files (OpenLDAP `.schema` or `cn=schema` LDIF), loaded after the built-in ones. */
        files: z.array(z.string()).default([]),
      })
      .strict()
      .default({ files: [] }),
    /** Attribute indexes: `uid: [eq, sub]`. objectClass eq is always kept. */
    indexes: z.record(z.string(), z.array(indexKind)).default({
      objectClass: ['eq'],
      uid: ['eq', 'sub'],
      cn: ['eq', 'sub'],
      sn: ['eq', 'sub'],
      mail: ['eq', 'sub'],
      member: ['eq'],
      uniqueMember: ['eq'],
      memberOf: ['eq'],
      uidNumber: ['eq'],
      gidNumber: ['eq'],
      entryUUID: ['eq'],
      uniqueIdentifier: ['eq'],
      givenName: ['eq', 'sub'],
      displayName: ['eq', 'sub'],
      ou: ['eq'],
    }),
    limits: z
      .object({
        maxPduBytes: z
          .number()
          .int()
          .min(1024)
          .default(10 * 1024 * 1024),
        maxConnections: z.number().int().positive().default(10000),
        maxConnectionsPerAddress: z.number().int().positive().default(2000),
        maxOutstandingPerConnection: z.number().int().positive().default(256),
        /** Seconds a connection may stay idle; 0 keeps idle connections open. */
        idleTimeout: z.number().min(0).default(900),
        /** Default and highest search size limit for users other than the administrator (0: none). */
        sizeLimit: z.number().int().min(0).default(500),
        /** Seconds a search may run for users other than the administrator (0: none). */
        timeLimit: z.number().min(0).default(60),
        /** Entries an unindexed search may examine before adminLimitExceeded. */
        unindexedExamineLimit: z.number().int().positive().default(100000),
        filterMaxDepth: z.number().int().positive().default(64),
        filterMaxElements: z.number().int().positive().default(1000),
        /** Bind attempts per client address per minute (0: unlimited). */
        bindRatePerMinute: z.number().int().min(0).default(600),
      })
      .strict()
      .default({
        maxPduBytes: 10 * 1024 * 1024,
        maxConnections: 10000,
        maxConnectionsPerAddress: 2000,
        maxOutstandingPerConnection: 256,
        idleTimeout: 900,
        sizeLimit: 500,
        timeLimit: 60,
        unindexedExamineLimit: 100000,
        filterMaxDepth: 64,
        filterMaxElements: 1000,
        bindRatePerMinute: 600,
      }),
    passwords: z
      .object({
        /** Scheme for new passwords: ARGON2, SSHA512, SSHA, PBKDF2-SHA512. */
        scheme: z.enum(['ARGON2', 'SSHA512', 'SSHA', 'PBKDF2-SHA512']).default('ARGON2'),
        /** Accept userPassword values without a {SCHEME} prefix as cleartext. Off: they are hashed. */
        allowCleartext: z.boolean().default(false),
      })
      .strict()
      .default({ scheme: 'ARGON2', allowCleartext: false }),
    access: z
      .object({
        /** Access rules in OpenLDAP syntax, one `access to … by …` per item; first match wins, default deny. */
        rules: z.array(z.string()).optional(),
        /** A file of rules, one `access to` per paragraph (as in slapd.conf). */
        file: z.string().optional(),
      })
      .strict()
      .default({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        /** One line per operation (connection, operation, DN, result, duration). */
        access: z.boolean().default(true),
      })
      .strict()
      .default({ level: 'info', access: true }),
    integrity: z
      .object({
        /** Keep memberOf on member entries from groupOfNames/groupOfUniqueNames membership. */
        memberOf: z.boolean().default(true),
        /** DN-valued attributes kept pointing at renamed entries and cleared of deleted ones. */
        referentialIntegrity: z
          .array(z.string())
          .default(['member', 'uniqueMember', 'owner', 'manager', 'seeAlso']),
        /** Attributes whose values must be unique, each within a subtree (default: the whole directory). */
        unique: z
          .array(z.object({ attribute: z.string(), base: z.string().optional() }).strict())
          .default([]),
        /** Naming attributes Linden fills in when an add leaves them out. */
        identifiers: z
          .array(
            z
              .object({
                attribute: z.string(),
                /** Only for entries added under this DN. */
                base: z.string(),
                /** counter: 1, 2, 3…; random: 16 hex digits that say nothing about the entry. */
                style: z.enum(['counter', 'random']).default('random'),
                prefix: z.string().default(''),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({
        memberOf: true,
        referentialIntegrity: ['member', 'uniqueMember', 'owner', 'manager', 'seeAlso'],
        unique: [],
        identifiers: [],
      }),
    lockout: z
      .object({
        /** Failed binds that lock an entry; 0 turns lockout off. */
        maxFailures: z.number().int().min(0).default(5),
        /** Seconds over which failures count. */
        window: z.number().positive().default(300),
        /** Seconds an entry stays locked; 0: until an administrator deletes pwdAccountLockedTime. */
        duration: z.number().min(0).default(900),
      })
      .strict()
      .default({ maxFailures: 5, window: 300, duration: 900 }),
    audit: z
      .object({
        /** JSON lines, one per write (who, what, when, result); password values never written. Empty: off. Default `<dataDir>/audit.log`. */
        file: z.string().optional(),
        enabled: z.boolean().default(true),
      })
      .strict()
      .default({ enabled: true }),
    /** Populate an empty store with a demo tree (people, groups, a service account) on first start. */
    demo: z.boolean().default(false),
  })
  .strict();

export type LindenConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
