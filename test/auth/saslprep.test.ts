import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SaslprepError, saslprep } from '../../src/auth/index.ts';

function refused(input: string, reason: SaslprepError['reason']) {
  assert.throws(
    () => saslprep(input),
    (e: unknown) => e instanceof SaslprepError && e.reason === reason,
  );
}

describe('saslprep', () => {
  // RFC 4013 §3 examples.
  it('maps SOFT HYPHEN to nothing', () => assert.equal(saslprep('I\u00adX'), 'IX'));
  it('leaves plain ASCII alone', () => assert.equal(saslprep('user'), 'user'));
  it('preserves case', () => assert.equal(saslprep('USER'), 'USER'));
  it('normalizes with NFKC (U+00AA)', () => assert.equal(saslprep('\u00aa'), 'a'));
  it('normalizes with NFKC (U+2168)', () => assert.equal(saslprep('\u2168'), 'IX'));
  it('refuses a control character (U+0007)', () => refused('\u0007', 'prohibited'));
  it('refuses RandALCat text that does not end with RandALCat', () => refused('\u0627\u0031', 'bidi'));

  it('maps non-ASCII spaces (C.1.2) to SPACE', () => {
    for (const space of ['\u00a0', '\u1680', '\u2000', '\u200a', '\u202f', '\u205f', '\u3000']) {
      assert.equal(saslprep(`a${space}b`), 'a b');
    }
  });
  it('maps U+200B to SPACE (C.1.2 is applied before B.1)', () => assert.equal(saslprep('a\u200bb'), 'a b'));
  it('removes B.1 characters', () => assert.equal(saslprep('a\u034f\u180b\ufe0f\ufeffb\u2060'), 'ab'));

  it('refuses every prohibited class', () => {
    const cases: [string, string][] = [
      ['\u0000', 'C.2.1 NUL'],
      ['\u007f', 'C.2.1 DEL'],
      ['\u0085', 'C.2.2'],
      ['\u2028', 'C.2.2 LINE SEPARATOR'],
      ['\u{1d173}', 'C.2.2 musical control'],
      ['\ue000', 'C.3 private use'],
      ['\u{f0000}', 'C.3 plane 15'],
      ['\ufdd0', 'C.4 non-character'],
      ['\uffff', 'C.4 non-character'],
      ['\u{10fffe}', 'C.4 non-character'],
      ['\ud800', 'C.5 lone surrogate'],
      ['\udfff', 'C.5 lone surrogate'],
      ['\ufffd', 'C.6'],
      ['\u2ff0', 'C.7'],
      ['\u200e', 'C.8 LRM'],
      ['\u202e', 'C.8 RLO'],
      ['\u{e0001}', 'C.9 language tag'],
    ];
    for (const [ch, why] of cases) {
      assert.throws(() => saslprep(`ab${ch}cd`), SaslprepError, why);
    }
  });

  it('reports the offending code point', () => {
    try {
      saslprep('pass\u0001word');
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof SaslprepError);
      assert.equal(e.codePoint, 1);
      assert.match(e.message, /U\+0001/);
    }
  });

  it('applies the bidi rules of RFC 3454 §6', () => {
    assert.equal(saslprep('\u05d0\u05d1'), '\u05d0\u05d1'); // all RandALCat
    assert.equal(saslprep('\u0627 1 \u0628'), '\u0627 1 \u0628'); // neutral inside
    refused('\u05d0a\u05d1', 'bidi'); // RandALCat with LCat
    refused('1\u05d0', 'bidi'); // does not start with RandALCat
  });

  it('allows unassigned code points by default and refuses them when asked', () => {
    // U+0221 is unassigned in Unicode 3.2 (Table A.1) and assigned since 4.0.
    assert.equal(saslprep('a\u0221'), 'a\u0221');
    assert.throws(() => saslprep('a\u0221', { allowUnassigned: false }), SaslprepError);
    // An emoji: assigned long after 3.2.
    assert.equal(saslprep('pw\u{1f511}'), 'pw\u{1f511}');
  });

  it('gives NFC and NFD forms of the same string the same output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        let nfc: string | SaslprepError;
        let nfd: string | SaslprepError;
        try {
          nfc = saslprep(s.normalize('NFC'));
        } catch (e) {
          nfc = e as SaslprepError;
        }
        try {
          nfd = saslprep(s.normalize('NFD'));
        } catch (e) {
          nfd = e as SaslprepError;
        }
        if (typeof nfc === 'string' || typeof nfd === 'string') assert.equal(nfc, nfd);
        else assert.equal(nfc.reason, nfd.reason);
      }),
      { numRuns: 2000 },
    );
    assert.equal(saslprep('caf\u00e9'), saslprep('cafe\u0301'));
    assert.equal(saslprep('\uac00'), saslprep('\u1100\u1161')); // Hangul syllable vs jamo
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        let once: string;
        try {
          once = saslprep(s);
        } catch {
          return;
        }
        assert.equal(saslprep(once), once);
      }),
      { numRuns: 2000 },
    );
  });
});
