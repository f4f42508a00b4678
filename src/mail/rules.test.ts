import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { automaticReason, base32, cleanSubject, headerSafe, referencedIds, replyAddress, replyTag, replyText, threadHints } from './rules.ts';
import { renderMail, MAIL_KINDS } from './templates.ts';
import { ticketToken, validTicketToken } from './token.ts';

describe('header values (issue 5: CR/LF in any header value is impossible)', () => {
  test('table', () => {
    const cases: [string, string][] = [
      ['Skrivaren', 'Skrivaren'],
      ['Hej\r\nBcc: offer@example.com', 'Hej Bcc: offer@example.com'],
      ['a\nb\rc\u2028d\u0000e\u007ff', 'a b c d e f'],
      ['  Åsa Öberg  ', 'Åsa Öberg'],
    ];
    for (const [input, expected] of cases) assert.equal(headerSafe(input), expected, JSON.stringify(input));
  });
  test('property: no output ever holds CR, LF or another control character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => assert.ok(!/[\p{Cc}\u2028\u2029]/u.test(headerSafe(s)))));
  });
  test('templates: a subject with CR/LF renders as one line', () => {
    for (const kind of MAIL_KINDS) {
      const r = renderMail({ kind, ticket: { number: '2026-000001', subject: 'Hej\r\nBcc: x@y.se' }, token: 'abcdefghijklmnop', toName: 'Åsa', link: 'https://samdesk.example/arende/1' });
      assert.ok(!/[\r\n]/.test(headerSafe(r.subject)) && headerSafe(r.subject).includes('[#2026-000001 abcdefghijklmnop]'), kind);
      assert.match(r.text, /^Hej Åsa!/);
    }
  });
});

describe('automatic mail is never answered (issue 5: auto-replies and mail loops)', () => {
  const h = (entries: [string, string][]) => new Map(entries.map(([k, v]) => [k.toLowerCase(), v]));
  const cases: [string, [string, string][], string | null, string | null][] = [
    ['a person', [['subject', 'Hej']], 'anna@tranemo.se', null],
    ['RFC 3834 auto-replied', [['auto-submitted', 'auto-replied']], 'anna@tranemo.se', 'auto-submitted: auto-replied'],
    ['Auto-Submitted: no is a person', [['auto-submitted', 'no']], 'anna@tranemo.se', null],
    ['Precedence: bulk', [['precedence', 'bulk']], 'news@x.se', 'precedence: bulk'],
    ['Outlook out of office', [['x-auto-response-suppress', 'All']], 'anna@tranemo.se', 'x-auto-response-suppress: all'],
    ['X-Autoreply', [['x-autoreply', 'yes']], 'anna@tranemo.se', 'x-autoreply'],
    ['a mailing list', [['list-id', '<it.lists.tranemo.se>']], 'lista@tranemo.se', 'mailing list'],
    ['a bounce (empty return path)', [], '', 'bounce'],
    ['MAILER-DAEMON', [], 'MAILER-DAEMON@mx.tranemo.se', 'bounce'],
    ['our own mail coming back', [['x-samdesk-loop', 'tranemo.se']], 'support@tranemo.se', 'own-loop'],
  ];
  for (const [name, headers, from, expected] of cases) test(name, () => assert.equal(automaticReason(h(headers), from, 'tranemo.se'), expected));
});

describe('threading: a reply finds its ticket only with the unguessable token', () => {
  const secret = 'x'.repeat(40);
  test('the token is 16 base32 characters, stable, and differs per ticket and per secret', () => {
    const a = ticketToken(secret, '2026-000123');
    assert.match(a, /^[a-z2-7]{16}$/);
    assert.equal(ticketToken(secret, '2026-000123'), a);
    assert.notEqual(ticketToken(secret, '2026-000124'), a);
    assert.notEqual(ticketToken('y'.repeat(40), '2026-000123'), a);
    assert.ok(validTicketToken(secret, '2026-000123', a.toUpperCase()));
    assert.ok(!validTicketToken(secret, '2026-000124', a), 'a guessed number with another ticket’s token fails');
    assert.ok(!validTicketToken(secret, '2026-000123', a.slice(0, 15)));
  });
  test('hints from the subject tag and the plus-address; the number alone gives none', () => {
    const token = ticketToken(secret, '2026-000123');
    assert.deepEqual(threadHints(`SV: Skrivaren ${replyTag('2026-000123', token)}`, []), [{ number: '2026-000123', token }]);
    assert.deepEqual(threadHints('Re: ärende 2026-000123', ['support@tranemo.se']), []);
    assert.deepEqual(threadHints('Hej', [replyAddress('support@tranemo.se', '2026-000123', token)]), [{ number: '2026-000123', token }]);
    assert.equal(replyAddress('IT <x>', '2026-000123', token), 'IT <x>', 'no @: left alone');
  });
  test('referenced Message-IDs from In-Reply-To and References', () => {
    assert.deepEqual(referencedIds('<a@x>', '<b@y> <a@x>'), ['a@x', 'b@y']);
    assert.deepEqual(referencedIds(undefined, ['<c@z>']), ['c@z']);
  });
  test('property: base32 is lower-case a–z2–7 of ceil(8n/5) characters', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
      const s = base32(b);
      assert.equal(s.length, Math.ceil((b.length * 8) / 5));
      assert.match(s, /^[a-z2-7]*$/);
    }));
  });
});

describe('subjects and reply text', () => {
  test('cleanSubject removes reply prefixes in Swedish and English and our tag', () => {
    assert.equal(cleanSubject('SV: Re: VB: Skrivaren [#2026-000123 abcdefghijklmnop]'), 'Skrivaren');
    assert.equal(cleanSubject('Fwd:   Lösenord   låst'), 'Lösenord låst');
    assert.equal(cleanSubject('Revision av skrivare'), 'Revision av skrivare', 'a word starting with re is not a prefix');
  });
  test('replyText keeps what the person wrote above the quote', () => {
    assert.equal(replyText('Nu fungerar det!\n\nDen 27 nov. 2026 kl. 10:12 skrev IT-supporten <support@tranemo.se>:\n> Hej'), 'Nu fungerar det!');
    assert.equal(replyText('Tack!\r\n> citat'), 'Tack!');
    assert.equal(replyText('Svar\n\n-----Ursprungligt meddelande-----\nFrån: IT'), 'Svar');
    assert.equal(replyText('> bara citat'), '> bara citat', 'nothing new: the whole text');
  });
});
