import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShaCrypt, shaCrypt } from '../../src/auth/schemes/sha-crypt.ts';

// The inputs of the test section of the SHA-crypt specification; the expected
// strings were produced by the system's libcrypt (glibc/libxcrypt crypt(3)).
const vectors: [password: string, setting: string, expected: string][] = [
  ['Hello world!', '$5$saltstring', '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
  [
    'Hello world!',
    '$5$rounds=10000$saltstringsaltstring',
    '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA',
  ],
  [
    'This is just a test',
    '$5$rounds=5000$toolongsaltstring',
    '$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5',
  ],
  [
    'a very much longer text to encrypt.  This one even stretches over morethan one line.',
    '$5$rounds=1400$anotherlongsaltstring',
    '$5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1',
  ],
  [
    'we have a short salt string but not a short password',
    '$5$rounds=77777$short',
    '$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/',
  ],
  [
    'a short string',
    '$5$rounds=123456$asaltof16chars..',
    '$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD',
  ],
  [
    'Hello world!',
    '$6$saltstring',
    '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
  ],
  [
    'Hello world!',
    '$6$rounds=10000$saltstringsaltstring',
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
  ],
  [
    'This is just a test',
    '$6$rounds=5000$toolongsaltstring',
    '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0',
  ],
  [
    'a very much longer text to encrypt.  This one even stretches over morethan one line.',
    '$6$rounds=1400$anotherlongsaltstring',
    '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1',
  ],
  [
    'we have a short salt string but not a short password',
    '$6$rounds=77777$short',
    '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0',
  ],
  [
    'a short string',
    '$6$rounds=123456$asaltof16chars..',
    '$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1',
  ],
];

describe('SHA-crypt', () => {
  for (const [password, setting, expected] of vectors) {
    it(`${setting} "${password.slice(0, 20)}"`, () => {
      assert.equal(shaCrypt(Buffer.from(password), parseShaCrypt(setting)!), expected);
    });
  }

  it('clamps rounds below 1000 up to 1000, as the specification says', () => {
    const low = shaCrypt(
      Buffer.from('the minimum number is still observed'),
      parseShaCrypt('$5$rounds=10$roundstoolow')!,
    );
    const min = shaCrypt(
      Buffer.from('the minimum number is still observed'),
      parseShaCrypt('$5$rounds=1000$roundstoolow')!,
    );
    assert.equal(low, min);
    assert.match(low, /^\$5\$rounds=1000\$roundstoolow\$/);
  });

  it('handles an empty password and an empty salt', () => {
    const out = shaCrypt(Buffer.alloc(0), parseShaCrypt('$6$')!);
    assert.match(out, /^\$6\$\$[./0-9A-Za-z]{86}$/);
  });

  it('refuses settings that are not SHA-crypt', () => {
    for (const bad of ['$1$abc$def', '$2b$10$abc', '$5', 'x$5$abc']) {
      assert.equal(parseShaCrypt(bad), undefined, bad);
    }
  });
});
