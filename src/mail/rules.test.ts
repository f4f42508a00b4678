import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  automaticReason,
  base32,
  cleanSubject,
  dmarcPassed,
  referencedIds,
  replyAddress,
  replyTag,
  replyText,
  reportType,
  threadDecision,
  threadHints,
  type MailSender,
  type ThreadDecision,
  type ThreadTicket,
} from './rules.ts';
import { headerSafe } from '../platform/mail/header.ts';
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
      const r = renderMail({
        kind,
        ticket: { number: '2026-000001', subject: 'Hej\r\nBcc: x@y.se' },
        token: 'abcdefghijklmnop',
        toName: 'Åsa',
        link: 'https://samdesk.example/arende/1',
      });
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
    // Issue 16: reports are automatic by their content type, whatever a gateway made the envelope sender.
    [
      'delivery report, envelope sender rewritten',
      [['content-type', 'multipart/report; report-type=delivery-status; boundary="b1"']],
      'srs0=ab12=xy=tranemo.se@gw.tranemo.se',
      'delivery report',
    ],
    [
      'delivery report, quoted and upper case',
      [['content-type', 'Multipart/Report; boundary="b1"; Report-Type="Delivery-Status"']],
      'anna@tranemo.se',
      'delivery report',
    ],
    ['read receipt', [['content-type', 'multipart/report; report-type=disposition-notification; boundary=x']], 'anna@tranemo.se', 'read receipt'],
    ['another report type', [['content-type', 'multipart/report; report-type=feedback-report; boundary=x']], 'abuse@example.com', 'report: feedback-report'],
    ['a report without its type', [['content-type', 'multipart/report; boundary=x']], 'anna@tranemo.se', 'report: unknown'],
    ['an ordinary multipart mail', [['content-type', 'multipart/mixed; boundary="report-type=delivery-status"']], 'anna@tranemo.se', null],
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
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const s = base32(b);
        assert.equal(s.length, Math.ceil((b.length * 8) / 5));
        assert.match(s, /^[a-z2-7]*$/);
      }),
    );
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

describe('issue 16: report content types', () => {
  test('table', () => {
    const cases: [string | undefined, string | null][] = [
      [undefined, null],
      ['text/plain; charset=utf-8', null],
      ['multipart/report; report-type=delivery-status;\r\n boundary="zz"', 'delivery-status'],
      ['multipart/report;\r\n\treport-type=disposition-notification', 'disposition-notification'],
      ['multipart/report', ''],
      ['multipart/alternative; boundary="multipart/report"', null],
    ];
    for (const [input, expected] of cases) assert.equal(reportType(input), expected, String(input));
  });
});

describe('issue 16: DMARC from the gateway’s Authentication-Results', () => {
  const gateway = 'mx.tranemo.se; spf=pass smtp.mailfrom=tranemo.se; dkim=pass header.d=tranemo.se; dmarc=pass (p=reject dis=none) header.from=tranemo.se';
  const cases: [string, string[], string | undefined, boolean][] = [
    ['pass in the topmost header', [gateway], undefined, true],
    ['no header', [], undefined, false],
    ['fail', ['mx.tranemo.se; spf=pass smtp.mailfrom=x.se; dmarc=fail (p=none) header.from=tranemo.se'], undefined, false],
    ['none (domain without DMARC)', ['mx.tranemo.se; dmarc=none header.from=example.com'], undefined, false],
    ['bestguesspass is not pass', ['mx.tranemo.se; dmarc=bestguesspass header.from=example.com'], undefined, false],
    ['pass only in a comment', ['mx.tranemo.se; spf=pass (dmarc=pass) smtp.mailfrom=x.se'], undefined, false],
    ['pass only in a quoted reason', ['mx.tranemo.se; dkim=fail reason="x; dmarc=pass"; dmarc=fail'], undefined, false],
    ['a sender-written pass below the gateway’s fail', ['mx.tranemo.se; dmarc=fail header.from=tranemo.se', 'mx.tranemo.se; dmarc=pass'], undefined, false],
    ['folded header', ['mx.tranemo.se;\r\n\tspf=pass smtp.mailfrom=tranemo.se;\r\n dmarc=pass header.from=tranemo.se'], undefined, true],
    ['upper case, version after the id', ['MX.Tranemo.SE 1; DMARC=Pass header.from=tranemo.se'], undefined, true],
    ['authserv-id given: the gateway’s header is found below another', ['evil.example; dmarc=fail', gateway], 'mx.tranemo.se', true],
    ['authserv-id given: only a forged header with another id', ['evil.example; dmarc=pass'], 'mx.tranemo.se', false],
  ];
  for (const [name, headers, id, expected] of cases) test(name, () => assert.equal(dmarcPassed(headers, id), expected));
});

describe('issue 16: who may write in a ticket by mail (threadDecision, R-3.1, R-1.4)', () => {
  const T = 'muni-tranemo';
  const U = 'muni-ulricehamn';
  const ticket: ThreadTicket = {
    municipalityId: T,
    deskId: 'desk-it',
    requesterUserId: 'user-tove',
    requesterPersonId: 'person-tove',
    requesterEmail: 'Tove@tranemo.se',
    authorUserIds: ['user-agent', 'user-kollega'],
    mailAddresses: ['tove@tranemo.se', 'extern.konsult@example.com'],
  };
  const unknownTicket: ThreadTicket = {
    ...ticket,
    requesterUserId: null,
    requesterPersonId: null,
    requesterEmail: 'okand@example.com',
    authorUserIds: [],
    mailAddresses: ['okand@example.com'],
  };
  const behalfTicket: ThreadTicket = {
    ...ticket,
    requesterUserId: null,
    requesterPersonId: 'person-malin',
    requesterEmail: null,
    authorUserIds: [],
    mailAddresses: [],
  };
  const sender = (address: string, account: MailSender['account'], people: MailSender['people'] = [], verified = true): MailSender => ({
    address,
    verified,
    account,
    people,
  });
  const acct = (userId: string, municipalityId: string | null, deskIds: string[] = []) => ({ userId, municipalityId, deskIds });
  const cases: [string, MailSender, ThreadTicket, ThreadDecision][] = [
    [
      'the requester’s account',
      sender('tove@tranemo.se', acct('user-tove', T), [{ id: 'person-tove', municipalityId: T }]),
      ticket,
      { thread: true, as: 'requester' },
    ],
    ['the requester by address, any case', sender('TOVE@TRANEMO.SE', null), ticket, { thread: true, as: 'requester' }],
    ['an unknown sender’s own unknown-sender ticket', sender('okand@example.com', null), unknownTicket, { thread: true, as: 'requester' }],
    [
      'the on-behalf person, by their person record',
      sender('malin@tranemo.se', null, [{ id: 'person-malin', municipalityId: T }]),
      behalfTicket,
      { thread: true, as: 'requester' },
    ],
    [
      'an agent of the ticket’s desk (IT, both municipalities)',
      sender('agent@it.se', acct('user-it', null, ['desk-it'])),
      ticket,
      { thread: true, as: 'agent' },
    ],
    ['an agent of another desk', sender('hr@tranemo.se', acct('user-hr', T, ['desk-hr'])), ticket, { thread: false, reason: 'not-a-participant' }],
    ['someone who wrote in the ticket', sender('kollega@tranemo.se', acct('user-kollega', T)), ticket, { thread: true, as: 'participant' }],
    ['someone whose mail was taken in before', sender('extern.konsult@example.com', null), ticket, { thread: true, as: 'participant' }],
    ['an outsider', sender('mallory@example.com', null), ticket, { thread: false, reason: 'not-a-participant' }],
    [
      'a colleague of the municipality who never wrote',
      sender('anna@tranemo.se', acct('user-anna', T), [{ id: 'person-anna', municipalityId: T }]),
      ticket,
      { thread: false, reason: 'not-a-participant' },
    ],
    ['an account of the other municipality', sender('ulf@ulricehamn.se', acct('user-ulf', U)), ticket, { thread: false, reason: 'other-municipality' }],
    [
      'a person of the other municipality',
      sender('ulla@ulricehamn.se', null, [{ id: 'person-ulla', municipalityId: U }]),
      ticket,
      { thread: false, reason: 'other-municipality' },
    ],
    [
      'the other municipality even with the requester’s address',
      sender('tove@tranemo.se', acct('user-x', U)),
      ticket,
      { thread: false, reason: 'other-municipality' },
    ],
    [
      'the other municipality even as a desk agent who wrote',
      sender('a@ulricehamn.se', acct('user-agent', U, ['desk-it'])),
      ticket,
      { thread: false, reason: 'other-municipality' },
    ],
    [
      'a person in both municipalities may write in this one',
      sender('b@tranemo.se', null, [
        { id: 'p-u', municipalityId: U },
        { id: 'person-tove', municipalityId: T },
      ]),
      ticket,
      { thread: true, as: 'requester' },
    ],
    ['the requester’s address without DMARC pass', sender('tove@tranemo.se', null, [], false), ticket, { thread: false, reason: 'unverified-sender' }],
  ];
  for (const [name, s, t, expected] of cases) test(name, () => assert.deepEqual(threadDecision(s, t), expected));
  test('property: an unverified sender or one of only the other municipality never joins a ticket', () => {
    const id = fc.constantFrom('a', 'b', 'user-tove', 'person-tove', 'desk-it');
    fc.assert(
      fc.property(
        fc.constantFrom('tove@tranemo.se', 'x@y.se'),
        fc.option(fc.record({ userId: id, deskIds: fc.array(id) })),
        fc.array(id),
        fc.boolean(),
        (address, account, personIds, verified) => {
          const s: MailSender = {
            address,
            verified,
            account: account && { ...account, municipalityId: U },
            people: personIds.map((p) => ({ id: p, municipalityId: U })),
          };
          const foreign = account !== null || personIds.length > 0;
          if (!verified || foreign) assert.equal(threadDecision(s, ticket).thread, false);
        },
      ),
    );
  });
});
