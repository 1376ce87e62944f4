import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  hashPassword,
  isHashedPassword,
  passwordSchemeNames,
  passwordToStore,
  verifyPassword,
} from '../../src/auth/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';
import { ResultCode } from '../../src/protocol/result-code.ts';

interface Fixture {
  tool: string;
  password: string;
  stored: string;
}
const fixtures = (
  JSON.parse(readFileSync(new URL('fixtures/password-fixtures.json', import.meta.url), 'utf8')) as Fixture[]
).filter((f) => f.tool !== 'end');

// Cheap costs keep the suite fast; the formats are the same.
const fast = {
  settings: { pbkdf2Iterations: 1000, argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
};

const hashingSchemes = [
  'SSHA',
  'SSHA256',
  'SSHA384',
  'SSHA512',
  'SHA',
  'SHA256',
  'SHA512',
  'PBKDF2',
  'PBKDF2-SHA1',
  'PBKDF2-SHA256',
  'PBKDF2-SHA512',
  'CRYPT',
  'ARGON2',
];

function isLdapError(code: number) {
  return (e: unknown) => LdapError.is(e) && e.resultCode === code;
}

describe('password values made by other tools', () => {
  for (const f of fixtures) {
    if (f.stored.startsWith('{CRYPT}$2')) {
      it(`does not verify bcrypt (${f.tool}): not implemented`, async () => {
        assert.equal(await verifyPassword(f.password, f.stored), false);
      });
      continue;
    }
    it(`verifies ${f.tool}`, async () => {
      assert.equal(await verifyPassword(f.password, f.stored), true);
      assert.equal(await verifyPassword(`${f.password}x`, f.stored), false);
      assert.equal(await verifyPassword(f.password.slice(1), f.stored), false);
    });
  }

  it('verifies a non-ASCII password typed in NFD against a value made from NFC', async () => {
    const nfc = fixtures.filter((f) => f.password === 'pässwörd');
    assert.ok(nfc.length >= 2);
    for (const f of nfc) {
      assert.equal(await verifyPassword('pässwörd'.normalize('NFD'), f.stored), true, f.tool);
      assert.equal(await verifyPassword(Buffer.from('pässwörd'.normalize('NFD')), f.stored), true, f.tool);
    }
  });
});

describe('known-answer values', () => {
  const known: [string, string][] = [
    // RFC 6070 PBKDF2-HMAC-SHA1 vectors 1 and 3 in OpenLDAP's layout.
    ['password', '{PBKDF2-SHA1}1$c2FsdA$DGDID5YfDnHzqbUkr2ASBi/gN6Y'],
    ['password', '{PBKDF2}4096$c2FsdA$SwB5AbdlSJq.rUnZJvch0GWkKcE'],
    ['password', '{PBKDF2-SHA256}1000$c2FsdFNBTFRzYWx0U0FMVA$RviVuqoYXwJlwdpwjXmZU95ZL1dsRTi366mc7XAO51s'],
    [
      'password',
      '{PBKDF2-SHA512}10000$c2FsdFNBTFRzYWx0U0FMVA$L1yc3aZeJcxIrgoJ8j.w3UCzBCsDwGD27kvSDfzvvn4WKVXMiJnbZolcHwZ4xnoxezY/VPnZNzzYEhCD3AHeWw',
    ],
    // base64(SHA-1("secret")), RFC 2307 §5.3 form.
    ['secret', '{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ='],
    ['secret', '{sha}5en6G6MezRroT3XKqkdPOmY/BfQ='],
    // base64(SHA-1("secret" ‖ "salt") ‖ "salt").
    [
      'secret',
      `{SSHA}${Buffer.concat([Buffer.from('8152bc582f58c854f580cb101d3182813dec4afe', 'hex'), Buffer.from('salt')]).toString('base64')}`,
    ],
    ['Hello world!', '{CRYPT}$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
  ];
  for (const [password, stored] of known) {
    it(stored.slice(0, 40), async () => {
      assert.equal(await verifyPassword(password, stored), true);
      assert.equal(await verifyPassword(`${password}!`, stored), false);
    });
  }
});

describe('hashPassword / verifyPassword', () => {
  for (const scheme of hashingSchemes) {
    it(`round-trips {${scheme}}`, async () => {
      const stored = await hashPassword('correct horse', scheme, fast);
      assert.ok(stored.startsWith(`{${scheme}}`), stored);
      assert.equal(await verifyPassword('correct horse', stored), true);
      assert.equal(await verifyPassword('correct horsf', stored), false);
      assert.equal(await verifyPassword('', stored), false);
    });
  }

  it('writes OpenLDAP layouts', async () => {
    assert.match(await hashPassword('pw', 'SSHA'), /^\{SSHA\}[A-Za-z0-9+/]{38}==$/); // 20 + 8 bytes
    assert.match(
      await hashPassword('pw', 'pbkdf2-sha512', fast),
      /^\{PBKDF2-SHA512\}1000\$[A-Za-z0-9./]{22}\$[A-Za-z0-9./]{86}$/,
    );
    assert.match(await hashPassword('pw', '{ARGON2}', fast), /^\{ARGON2\}\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    assert.match(await hashPassword('pw', 'CRYPT'), /^\{CRYPT\}\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    assert.match(
      await hashPassword('pw', 'CRYPT', { settings: { cryptRounds: 1000 } }),
      /^\{CRYPT\}\$6\$rounds=1000\$/,
    );
  });

  it('salts: two hashes of one password differ', async () => {
    assert.notEqual(await hashPassword('pw', 'SSHA'), await hashPassword('pw', 'SSHA'));
  });

  it('round-trips random passwords (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
        fc.constantFrom('SSHA', 'SSHA512', 'PBKDF2-SHA256', 'CRYPT'),
        async (password, scheme) => {
          let stored: string;
          try {
            stored = await hashPassword(password, scheme, fast);
          } catch (e) {
            // Only SASLprep refusals are allowed to fail.
            assert.ok(isLdapError(ResultCode.constraintViolation)(e), String(e));
            return;
          }
          assert.equal(await verifyPassword(password, stored), true);
          assert.equal(await verifyPassword(password.normalize('NFD'), stored), true);
          assert.equal(await verifyPassword(password.normalize('NFC'), stored), true);
          assert.equal(await verifyPassword(`${password}x`, stored), false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('verifies NFC and NFD forms of one password', async () => {
    const stored = await hashPassword('Ångström', 'SSHA512');
    assert.equal(await verifyPassword('A\u030angstro\u0308m', stored), true);
    assert.equal(await verifyPassword('\u00c5ngstr\u00f6m', stored), true);
    assert.equal(await verifyPassword('\u212bngstr\u00f6m', stored), true); // ANGSTROM SIGN, NFKC → Å
    assert.equal(await verifyPassword('Angstrom', stored), false);
  });

  it('refuses prohibited characters on set with constraintViolation', async () => {
    for (const bad of ['pass\u0000word', 'tab\tpassword', 'rlo\u202e', '\ue000private', '\u0627a']) {
      await assert.rejects(hashPassword(bad, 'SSHA'), isLdapError(ResultCode.constraintViolation), bad);
    }
    await assert.rejects(hashPassword('', 'SSHA'), isLdapError(ResultCode.constraintViolation));
    await assert.rejects(hashPassword('\u00ad', 'SSHA'), isLdapError(ResultCode.constraintViolation));
    await assert.rejects(
      hashPassword(Buffer.from([0x70, 0xff, 0x77]), 'SSHA'),
      isLdapError(ResultCode.constraintViolation),
    );
  });

  it('fails verification (never throws) for prohibited characters on bind', async () => {
    const stored = await hashPassword('secret', 'SSHA');
    assert.equal(await verifyPassword('secret\u0000', stored), false);
    assert.equal(await verifyPassword('\u202esecret', stored), false);
  });

  it('compares bytes that are not UTF-8 as received', async () => {
    const latin1 = Buffer.from('pässwörd', 'latin1');
    const stored = `{SSHA}${Buffer.concat([
      (await import('node:crypto')).createHash('sha1').update(latin1).update('salt').digest(),
      Buffer.from('salt'),
    ]).toString('base64')}`;
    assert.equal(await verifyPassword(latin1, stored), true);
    assert.equal(await verifyPassword('pässwörd', stored), false);
  });

  it('refuses unknown schemes', async () => {
    await assert.rejects(hashPassword('pw', 'MD4'), isLdapError(ResultCode.unwillingToPerform));
    assert.equal(await verifyPassword('pw', '{MD4}abc'), false);
  });

  it('returns false for malformed stored values', async () => {
    for (const stored of [
      '{SSHA}',
      '{SSHA}AAAA',
      '{SSHA}!!!!',
      '{SHA}',
      '{PBKDF2-SHA512}',
      '{PBKDF2-SHA512}0$abc$def',
      '{PBKDF2-SHA512}10$a+b$def',
      '{PBKDF2-SHA512}99999999999$abc$def',
      '{CRYPT}',
      '{CRYPT}$6$salt',
      '{CRYPT}$6$rounds=999999999$salt$abc',
      '{CRYPT}abcdefghijklm',
      '{ARGON2}',
      '{ARGON2}$argon2id$garbage',
      '{',
      '',
    ]) {
      assert.equal(await verifyPassword('pw', stored), false, stored);
    }
  });

  it('keeps cleartext off unless allowed', async () => {
    await assert.rejects(hashPassword('pw', 'CLEARTEXT'), isLdapError(ResultCode.unwillingToPerform));
    assert.equal(await hashPassword('pw', 'CLEARTEXT', { allowCleartext: true }), '{CLEARTEXT}pw');
    assert.equal(await verifyPassword('pw', '{CLEARTEXT}pw'), false);
    assert.equal(await verifyPassword('pw', 'pw'), false);
    assert.equal(await verifyPassword('pw', '{CLEARTEXT}pw', { allowCleartext: true }), true);
    assert.equal(await verifyPassword('pw', 'pw', { allowCleartext: true }), true);
    assert.equal(await verifyPassword('px', 'pw', { allowCleartext: true }), false);
  });
});

describe('isHashedPassword / passwordToStore', () => {
  it('recognizes known scheme prefixes in any case', () => {
    for (const name of passwordSchemeNames.filter((n) => n !== 'CLEARTEXT')) {
      assert.equal(isHashedPassword(`{${name}}x`), true, name);
      assert.equal(isHashedPassword(Buffer.from(`{${name.toLowerCase()}}x`)), true, name);
    }
    for (const value of ['secret', '{CLEARTEXT}secret', '{MD4}abc', '{SSHA', '']) {
      assert.equal(isHashedPassword(value), false, value);
    }
  });

  it('keeps imported hashes as they are and hashes the rest', async () => {
    for (const f of fixtures) assert.equal(await passwordToStore(f.stored, 'SSHA'), f.stored);
    const fresh = await passwordToStore('secret', 'SSHA');
    assert.match(fresh, /^\{SSHA\}/);
    assert.equal(await verifyPassword('secret', fresh), true);
    const fromCleartext = await passwordToStore(Buffer.from('{CLEARTEXT}secret'), 'SSHA512');
    assert.match(fromCleartext, /^\{SSHA512\}/);
    assert.equal(await verifyPassword('secret', fromCleartext), true);
  });
});
