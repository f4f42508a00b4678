import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import type { MailListener } from '../../src/mail/listener.ts';
import { ingestMail } from '../../src/mail/ingest.ts';
import { mailSendJob } from '../../src/mail/outbox.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';
import { startMailSink, startTestListener, type MailSink } from '../support/mail.ts';
import { now } from '../../src/platform/clock.ts';

/**
 * Issue 5, mail in and out over real SMTP on loopback: nodemailer → Samdesk's listener, and the send
 * job → a local SMTP sink. Fixtures in test/fixtures/mail/*.eml.
 */
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'mail');
const fixture = (name: string) => readFile(path.join(FIXTURES, name));

let ctx: TestContext;
let listener: MailListener;
let sink: MailSink;
let received: ParsedMail[];
let agent: TestClient;
let send: (raw: Buffer | string, from?: string, to?: string[]) => Promise<void>;

type Row = {
  id: string;
  number: string;
  channel: string;
  requester_name: string;
  requester_user_id: string | null;
  status: string;
  subject: string;
  description: string;
};
const ticketsNamed = (subject: string) => ctx.database.query<Row>('select * from tickets where subject = $1', [subject]);
const count = async (sql: string, params: unknown[] = []) => Number((await ctx.database.query<{ n: number }>(sql, params))[0]?.n ?? -1);

before(async () => {
  ctx = await testContext({ env: { MAIL_FROM: 'IT-supporten <support@tranemo.se>', MAIL_MAX_BYTES: '200000' } });
  await ctx.userClient({ username: 'tove', roles: ['end_user'], municipality: 'tranemo' });
  await ctx.database.query("update users set email = 'tove@tranemo.se', display_name = 'Tove Tranemo' where username = 'tove'");
  agent = await ctx.userClient({ username: 'forsta', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  const inbound = await startTestListener(ctx);
  listener = inbound.listener;
  send = async (raw, from = 'tove@tranemo.se', to = ['support@tranemo.se']) => {
    await inbound.client.sendMail({ envelope: { from, to }, raw });
  };
  sink = await startMailSink();
  received = sink.received;
});
after(async () => {
  await listener?.close();
  await sink?.close();
  await ctx.close();
});

const sendJob = () => mailSendJob(ctx.deps.config, ctx.deps.secret, sink.transport());

describe('mail in: a new mail becomes a ticket, exactly once', () => {
  test('a known sender’s mail is a ticket of hers, channel e-mail, answered with its reply tag; redelivery changes nothing', async () => {
    const raw = await fixture('new-fault.eml');
    await send(raw);
    const [t] = await ticketsNamed('Skrivaren på plan 2 är trasig');
    assert.ok(t, 'the encoded subject is decoded');
    assert.equal(t.channel, 'email');
    assert.equal(t.requester_name, 'Tove Tranemo');
    assert.ok(t.requester_user_id, 'her account is the requester: she sees it in the portal');
    assert.match(t.description, /skriver inte ut\. Den blinkar rött/);

    await send(raw);
    assert.equal((await ticketsNamed('Skrivaren på plan 2 är trasig')).length, 1, 'the Message-ID ledger makes a redelivery a no-op');

    // The receipt goes out through the outbox to the sink, with the tag and the plus-address.
    await runJobOnce(ctx.deps.database.db, sendJob());
    const receipt = received.find((m) => m.subject?.startsWith('Vi har tagit emot ditt ärende: Skrivaren på plan 2 är trasig'));
    assert.ok(receipt, received.map((m) => m.subject).join(' | '));
    assert.match(receipt.subject ?? '', new RegExp(`\\[#${t.number} [a-z2-7]{16}\\]$`));
    assert.match(receipt.replyTo?.text ?? '', new RegExp(`support\\+${t.number}\\.[a-z2-7]{16}@tranemo\\.se`));
    assert.equal(receipt.headers.get('auto-submitted'), 'auto-generated');
    assert.match(receipt.text ?? '', new RegExp(`http://localhost:3000/arende/${t.id}`), 'links from BASE_URL');
    assert.equal(await count('select count(*)::int as n from mail_outbox where sent_at is null'), 0);

    // --- Her reply threads in by the tag; a forged reply with the number but a wrong token does not.
    await agent.json('POST', `/api/v1/tickets/${t.id}/status`, {
      version: (await agent.json<{ version: number }>('GET', `/api/v1/tickets/${t.id}`)).body.version,
      status: 'waiting',
      comment: 'Vilken skrivare gäller det?',
    });
    await send(
      [
        'From: Tove Tranemo <tove@tranemo.se>',
        'To: support@tranemo.se',
        `Subject: SV: ${receipt.subject}`,
        'Message-ID: <reply-1@tranemo.se>',
        `In-Reply-To: ${receipt.messageId}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Den vid hissen.',
        '',
        'Den 27 nov. 2026 skrev IT-supporten <support@tranemo.se>:',
        '> Vilken skrivare gäller det?',
        '',
      ].join('\r\n'),
    );
    const messages = await ctx.database.query<{ body: string; visibility: string }>(
      'select body, visibility from ticket_messages where ticket_id = $1 order by created_at',
      [t.id],
    );
    assert.deepEqual(
      messages.map((m) => m.body),
      ['Vilken skrivare gäller det?', 'Den vid hissen.'],
      'the quoted history is left out',
    );
    assert.equal(
      (await ctx.database.query<{ status: string }>('select status from tickets where id = $1', [t.id]))[0]?.status,
      'open',
      'her answer reopens a waiting ticket',
    );

    const forged = `Re: [#${t.number} aaaaaaaaaaaaaaaa] Skrivaren`;
    await send(
      [
        'From: Mallory <mallory@example.com>',
        'To: support@tranemo.se',
        `Subject: ${forged}`,
        'Message-ID: <forged@example.com>',
        'Content-Type: text/plain',
        '',
        'Stäng ärendet.',
        '',
      ].join('\r\n'),
      'mallory@example.com',
    );
    assert.equal(await count('select count(*)::int as n from ticket_messages where ticket_id = $1', [t.id]), 2, 'nothing attached to her ticket');
    const [foreign] = await ticketsNamed('Skrivaren');
    assert.ok(foreign, 'the forged reply became a ticket of its own');
    assert.equal(foreign.requester_user_id, null, 'an unknown sender, for an agent to link');
    assert.equal(foreign.requester_name, 'Mallory');
    // An agent links the unknown sender's ticket to a person of the ticket's municipality only.
    const [malin] = await ctx.database.query<{ id: string }>(
      "insert into people (municipality_id, first_name, last_name, email, person_role) values ($1, 'Malin', 'Lund', 'malin@tranemo.se', 'medarbetare') returning id",
      [ctx.municipalities.tranemo],
    );
    const [other] = await ctx.database.query<{ id: string }>(
      "insert into people (municipality_id, first_name, last_name, person_role) values ($1, 'Ulf', 'Ulricehamn', 'medarbetare') returning id",
      [ctx.municipalities.ulricehamn],
    );
    const version = (await agent.json<{ version: number }>('GET', `/api/v1/tickets/${foreign.id}`)).body.version;
    const wrong = await agent.json<{ errors: { field: string }[] }>('POST', `/api/v1/tickets/${foreign.id}/requester`, { version, personId: other?.id });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.errors[0]?.field, 'personId');
    const linked = await agent.json<{ requester: { name: string; personId: string } }>('POST', `/api/v1/tickets/${foreign.id}/requester`, {
      version,
      personId: malin?.id,
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.deepEqual([linked.body.requester.name, linked.body.requester.personId], ['Malin Lund', malin?.id]);
    // Agent replies go out; her own reply by mail does not echo back to her.
    await runJobOnce(ctx.deps.database.db, sendJob());
    assert.equal(received.filter((m) => m.subject?.startsWith('Svar i ditt ärende: Skrivaren på plan 2')).length, 1, 'the agent’s question went out once');
  });

  test('a reply by In-Reply-To to a mail Samdesk sent threads in, even with a new subject', async () => {
    await send(
      [
        'From: Tove Tranemo <tove@tranemo.se>',
        'To: support@tranemo.se',
        'Subject: Wifi i aulan',
        'Message-ID: <wifi-1@tranemo.se>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Wifi fungerar inte i aulan.',
        '',
      ].join('\r\n'),
    );
    const [t] = await ticketsNamed('Wifi i aulan');
    assert.ok(t);
    await runJobOnce(ctx.deps.database.db, sendJob());
    const receipt = received.find((m) => m.subject?.includes('Wifi i aulan'));
    assert.ok(receipt?.messageId);
    await send(
      [
        'From: Tove Tranemo <tove@tranemo.se>',
        'To: support@tranemo.se',
        'Subject: Nu igen',
        'Message-ID: <wifi-2@tranemo.se>',
        `In-Reply-To: ${receipt.messageId}`,
        `References: ${receipt.messageId}`,
        'Content-Type: text/plain',
        '',
        'Nu fungerar det inte i matsalen heller.',
        '',
      ].join('\r\n'),
    );
    assert.equal(await count('select count(*)::int as n from ticket_messages where ticket_id = $1', [t.id]), 1);
    assert.equal((await ticketsNamed('Nu igen')).length, 0);
  });

  test('an out-of-office reply is recorded, not answered and not a ticket', async () => {
    const outbox = await count('select count(*)::int as n from mail_outbox');
    await send(await fixture('out-of-office.eml'));
    assert.equal(
      (await ctx.database.query<{ outcome: string }>("select outcome from mail_inbound where message_id = 'fixture-ooo@tranemo.se'"))[0]?.outcome,
      'automatic',
    );
    assert.equal(await count("select count(*)::int as n from tickets where subject like 'Automatiskt svar%'"), 0);
    assert.equal(await count('select count(*)::int as n from mail_outbox'), outbox, 'no mail answers an automatic one');
  });
});

describe('mail in: content', () => {
  test('HTML only in ISO-8859-1: the text without tags or scripts, åäö decoded', async () => {
    await send(await fixture('html-only-latin1.eml'), 'asa.oberg@ulricehamn.se');
    const [t] = await ticketsNamed('Lösenordet går inte att ändra');
    assert.ok(t);
    assert.match(t.description, /När jag försöker byta lösenord får jag ett fel\./);
    assert.match(t.description, /Tack på förhand!/);
    assert.doesNotMatch(t.description, /<|alert|steal|color:red|tracker/);
    assert.equal(t.requester_name, 'Åsa Öberg');
  });

  test('attachments and an inline image are kept with their Swedish names; a path name is replaced', async () => {
    await send(await fixture('attachments.eml'));
    const [t] = await ticketsNamed('Loggfil och skärmbild');
    assert.ok(t);
    const files = await ctx.database.query<{ filename: string; content_type: string; size: number }>(
      'select filename, content_type, size from ticket_attachments where ticket_id = $1 order by filename',
      [t.id],
    );
    assert.deepEqual(
      files.map((f) => f.filename),
      ['bilaga-3', 'logg-åäö.txt', 'skärmbild.png'],
    );
    assert.ok(!files.some((f) => f.filename.includes('/') || f.filename.includes('..')));
  });
});

describe('mail in: bad mail never stops the listener', () => {
  test('an unknown charset, invalid UTF-8 and a mail without headers still become readable tickets or are kept', async () => {
    await send(await fixture('bad-charset.eml'));
    await send(await fixture('invalid-utf8.eml'));
    const [broken] = await ticketsNamed('Trasig text');
    assert.ok(broken, 'invalid UTF-8 is read with replacement characters');
    assert.match(broken.description, /och sedan vanlig text/);
    assert.equal(await count("select count(*)::int as n from mail_inbound where message_id = 'fixture-bad-charset@tranemo.se'"), 1);
    // No From, Subject or Message-ID: the envelope sender, a placeholder subject, a content hash as id.
    await send(await fixture('no-headers.eml'), 'okand@example.com');
    await send(await fixture('no-headers.eml'), 'okand@example.com');
    const bare = await ticketsNamed('Mejl utan ämnesrad');
    assert.equal(bare.length, 1, 'once, by the hash of its content');
    assert.match(bare[0]?.description ?? '', /^Bara en rad text utan huvuden\.$/);
    assert.equal(bare[0]?.requester_name, 'okand@example.com');
  });

  test('deep MIME nesting and an oversized mail are kept for an administrator; the next mail is served', async () => {
    let nested = 'Content-Type: text/plain\r\n\r\nlängst in\r\n';
    for (let i = 0; i < 30; i++) nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}--b${i}--\r\n`;
    await send(
      `From: a@example.com\r\nTo: support@tranemo.se\r\nSubject: Djup\r\nMessage-ID: <deep@example.com>\r\nMIME-Version: 1.0\r\n${nested}`,
      'a@example.com',
    );
    const [deep] = await ctx.database.query<{ reason: string }>("select reason from mail_quarantine where reason like 'MIME parts nested%'");
    assert.ok(deep);

    const huge =
      `From: a@example.com\r\nTo: support@tranemo.se\r\nSubject: Stor\r\nMessage-ID: <huge@example.com>\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(1) +
      `${'y'.repeat(998)}\r\n`.repeat(300);
    await assert.rejects(send(huge, 'a@example.com'), /552|larger/);
    const [big] = await ctx.database.query<{ reason: string; size: number }>("select reason, size from mail_quarantine where reason like 'too large%'");
    assert.ok(big && big.size <= 200_000, 'kept, cut at the limit');

    // IT's administrators see what was kept, download it and mark it looked at; nobody else does.
    const itAdmin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
    const list = await itAdmin.json<{ items: { id: string; reason: string }[] }>('GET', '/api/v1/mail/quarantine');
    const kept = list.body.items.find((q) => q.reason.startsWith('MIME parts nested'));
    assert.ok(kept);
    const eml = await itAdmin.request('GET', `/api/v1/mail/quarantine/${kept.id}/raw`);
    assert.match(eml.headers.get('content-disposition') ?? '', /^attachment; filename="karantan-/);
    assert.match(await eml.text(), /^From: a@example\.com\r\n/);
    const municipal = await ctx.userClient({ username: 'admin.t', roles: ['admin'], municipality: 'tranemo' });
    assert.equal((await municipal.get('/api/v1/mail/quarantine')).status, 403);
    assert.equal((await agent.get('/api/v1/mail/quarantine')).status, 403);
    assert.equal((await itAdmin.request('POST', `/api/v1/mail/quarantine/${kept.id}/resolve`)).status, 204);
    assert.ok(!(await itAdmin.json<{ items: { id: string }[] }>('GET', '/api/v1/mail/quarantine')).body.items.some((q) => q.id === kept.id));
    assert.equal((await itAdmin.request('POST', `/api/v1/mail/quarantine/${kept.id}/resolve`)).status, 404);

    await send(
      [
        'From: Tove Tranemo <tove@tranemo.se>',
        'To: support@tranemo.se',
        'Subject: Efter de trasiga',
        'Message-ID: <after@tranemo.se>',
        '',
        'Fungerar listenern?',
        '',
      ].join('\r\n'),
    );
    assert.equal((await ticketsNamed('Efter de trasiga')).length, 1);
  });

  test('mail for another address is refused at RCPT; the listener accepts only the support mailbox', async () => {
    await assert.rejects(send('Subject: x\r\n\r\nx\r\n', 'a@example.com', ['someone@tranemo.se']), /550|no such mailbox/i);
  });

  test('a failure before commit answers 451 and the retry creates the ticket once', async () => {
    await ctx.database.query(
      `create or replace function samdesk_test_fail() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$`,
    );
    await ctx.database.query('create trigger samdesk_test_fail before insert on mail_inbound for each row execute function samdesk_test_fail()');
    const raw = [
      'From: Tove Tranemo <tove@tranemo.se>',
      'To: support@tranemo.se',
      'Subject: Mejlet som kom två gånger',
      'Message-ID: <retry@tranemo.se>',
      '',
      'Hej',
      '',
    ].join('\r\n');
    await assert.rejects(send(raw), /451/);
    assert.equal((await ticketsNamed('Mejlet som kom två gånger')).length, 0, 'nothing half-written');
    await ctx.database.query('drop trigger samdesk_test_fail on mail_inbound');
    await send(raw);
    await send(raw);
    assert.equal((await ticketsNamed('Mejlet som kom två gånger')).length, 1);
  });
});

describe('R-3.7: the survey goes out by mail when a sampled ticket is closed', () => {
  test('a drawn close sends the signed survey link by mail, readable without signing in; an undrawn close sends nothing', async () => {
    const { changeStatus, getTicket } = await import('../../src/tickets/service.ts');
    const { findUserByUsername } = await import('../../src/org/store.ts');
    const { actorFromUser } = await import('../../src/org/sessions.ts');
    await send(
      ['From: Tove Tranemo <tove@tranemo.se>', 'To: support@tranemo.se', 'Subject: Enkätärendet', 'Message-ID: <survey-1@tranemo.se>', '', 'Hej', ''].join(
        '\r\n',
      ),
    );
    const [t] = await ticketsNamed('Enkätärendet');
    assert.ok(t);
    const user = await findUserByUsername(ctx.database.db, 'forsta');
    assert.ok(user);
    const actor = actorFromUser(user);
    const db = ctx.deps.database.db;
    const solved = await changeStatus(db, actor, t.id, { version: (await getTicket(db, actor, t.id)).ticket.version, status: 'solved', comment: 'Klart.' });
    await changeStatus(db, actor, t.id, { version: solved.version, status: 'closed' }, now(), { surveyRandom: () => 0 });
    assert.equal(await count("select count(*)::int as n from mail_outbox where kind = 'survey' and ticket_id = $1", [t.id]), 1);
    await runJobOnce(db, sendJob());
    const mail = received.find((m) => m.subject?.startsWith('Hur tyckte du att vi skötte ditt ärende?') && m.subject.includes(t.number));
    assert.ok(mail, received.map((m) => m.subject).join(' | '));
    const link = /http:\/\/localhost:3000\/enkat\/([A-Za-z0-9_.-]+)/.exec(mail.text ?? '')?.[1];
    assert.ok(link, mail.text);
    const anonymous = await ctx.app.request(`/api/v1/public/surveys/${link}`);
    assert.equal(anonymous.status, 200);
    const body = (await anonymous.json()) as { ticketNumber: string; questions: { code: string }[] };
    assert.equal(body.ticketNumber, t.number);
    assert.deepEqual(
      body.questions.map((q) => q.code),
      ['losning', 'bemotande'],
    );
    // Another close of a ticket that is not drawn sends nothing.
    await send(
      ['From: Tove Tranemo <tove@tranemo.se>', 'To: support@tranemo.se', 'Subject: Inte utvalt', 'Message-ID: <survey-2@tranemo.se>', '', 'Hej', ''].join(
        '\r\n',
      ),
    );
    const [u] = await ticketsNamed('Inte utvalt');
    assert.ok(u);
    const s2 = await changeStatus(db, actor, u.id, { version: (await getTicket(db, actor, u.id)).ticket.version, status: 'solved' });
    await changeStatus(db, actor, u.id, { version: s2.version, status: 'closed' }, now(), { surveyRandom: () => 0.99 });
    assert.equal(await count("select count(*)::int as n from mail_outbox where kind = 'survey' and ticket_id = $1", [u.id]), 0);
  });
});

describe('mail out: a failed send is retried with back-off, never lost', () => {
  test('the relay refuses: the mail stays in the outbox with its error and a later retry time, then goes out', async () => {
    await send(
      ['From: Tove Tranemo <tove@tranemo.se>', 'To: support@tranemo.se', 'Subject: Reläet är nere', 'Message-ID: <relay-down@tranemo.se>', '', 'Hej', ''].join(
        '\r\n',
      ),
    );
    const [t] = await ticketsNamed('Reläet är nere');
    assert.ok(t);
    const failing = mailSendJob(ctx.deps.config, ctx.deps.secret, { sendMail: () => Promise.reject(new Error('421 relay busy')) });
    const at = now();
    await runJobOnce(ctx.deps.database.db, failing, at);
    const [row] = await ctx.database.query<{ attempts: number; last_error: string; send_after: Date | string; sent_at: Date | null }>(
      'select attempts, last_error, send_after, sent_at from mail_outbox where ticket_id = $1',
      [t.id],
    );
    assert.equal(row?.attempts, 1);
    assert.equal(row?.last_error, '421 relay busy');
    assert.equal(row?.sent_at, null);
    assert.equal(new Date(row?.send_after ?? 0).getTime(), at.getTime() + 60_000, 'tried again in a minute');
    await runJobOnce(ctx.deps.database.db, sendJob(), at);
    assert.equal(received.filter((m) => m.subject?.includes('Reläet är nere')).length, 0, 'not before its time');
    await runJobOnce(ctx.deps.database.db, sendJob(), new Date(at.getTime() + 61_000));
    assert.equal(received.filter((m) => m.subject?.includes('Reläet är nere')).length, 1);
  });
});

/** A plain mail as raw text (CRLF), headers in the order given. */
const rawMail = (headers: Record<string, string>, body: string) => [...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', body, ''].join('\r\n');

describe('issue 16: a mail joins a ticket only when its sender may write in it', () => {
  test('by In-Reply-To/References or a leaked reply tag: an outsider, the other municipality and a colleague who never wrote get tickets of their own; the requester and the desk’s agent thread in', async () => {
    await send(
      rawMail(
        {
          From: 'Tove Tranemo <tove@tranemo.se>',
          To: 'support@tranemo.se',
          Subject: 'Skärmen flimrar',
          'Message-ID': '<flimmer-1@tranemo.se>',
          'Content-Type': 'text/plain; charset=utf-8',
        },
        'Skärmen flimrar hela tiden.',
      ),
    );
    const [t] = await ticketsNamed('Skärmen flimrar');
    assert.ok(t);
    await runJobOnce(ctx.deps.database.db, sendJob());
    const receipt = received.find((m) => m.subject?.includes('Skärmen flimrar'));
    assert.ok(receipt?.messageId && receipt.replyTo);
    const messages = () =>
      ctx.database.query<{ body: string; visibility: string; author_user_id: string | null }>(
        'select body, visibility, author_user_id from ticket_messages where ticket_id = $1 order by created_at',
        [t.id],
      );
    const ledger = async (id: string) =>
      (
        await ctx.database.query<{ outcome: string; detail: { threadRefused?: { ticketId: string; reason: string } } }>(
          'select outcome, detail from mail_inbound where message_id = $1',
          [id],
        )
      )[0];

    // An outsider who got hold of the receipt's Message-ID (a forward, a Cc).
    await send(
      rawMail(
        {
          From: 'Mallory <mallory@example.com>',
          To: 'support@tranemo.se',
          Subject: 'Angående flimret',
          'Message-ID': '<outsider-1@example.com>',
          'In-Reply-To': receipt.messageId,
          References: `<flimmer-1@tranemo.se> ${receipt.messageId}`,
        },
        'Stäng ärendet, det är löst.',
      ),
      'mallory@example.com',
    );
    assert.deepEqual(await messages(), [], 'nothing added to Tove’s ticket');
    const [outsider] = await ticketsNamed('Angående flimret');
    assert.ok(outsider, 'the outsider’s mail is a ticket of its own');
    assert.equal(outsider.requester_user_id, null);
    assert.equal(outsider.status, 'new');
    assert.doesNotMatch(outsider.description, new RegExp(t.number), 'the public text does not name Tove’s ticket');
    assert.deepEqual((await ledger('outsider-1@example.com'))?.detail.threadRefused, { ticketId: t.id, reason: 'not-a-participant' });

    // A leaked reply tag in the subject and the plus-address of Reply-To is not enough either.
    const plus = receipt.replyTo.value[0]?.address ?? '';
    assert.match(plus, /^support\+/);
    await send(
      rawMail(
        { From: 'Mallory <mallory@example.com>', To: plus, Subject: `SV: ${receipt.subject ?? ''}`, 'Message-ID': '<outsider-2@example.com>' },
        'Jag tar över ärendet.',
      ),
      'mallory@example.com',
      [plus],
    );
    assert.deepEqual(await messages(), []);
    assert.equal((await ledger('outsider-2@example.com'))?.detail.threadRefused?.ticketId, t.id);

    // A person of the other municipality: a ticket in Ulricehamn, and nothing of Tranemo's ticket written there.
    await ctx.userClient({ username: 'ulf', roles: ['end_user'], municipality: 'ulricehamn' });
    await ctx.database.query("update users set email = 'ulf@ulricehamn.se', display_name = 'Ulf Ulricehamn' where username = 'ulf'");
    await send(
      rawMail(
        {
          From: 'Ulf Ulricehamn <ulf@ulricehamn.se>',
          To: 'support@tranemo.se',
          Subject: 'Samma flimmer här',
          'Message-ID': '<ulf-1@ulricehamn.se>',
          'In-Reply-To': '<flimmer-1@tranemo.se>',
        },
        'Min skärm också.',
      ),
      'ulf@ulricehamn.se',
    );
    assert.deepEqual(await messages(), []);
    const [ulfs] = await ctx.database.query<{ id: string; municipality_id: string; requester_name: string; description: string }>(
      "select id, municipality_id, requester_name, description from tickets where subject = 'Samma flimmer här'",
    );
    assert.ok(ulfs);
    assert.equal(ulfs.municipality_id, ctx.municipalities.ulricehamn);
    assert.equal(ulfs.requester_name, 'Ulf Ulricehamn');
    assert.doesNotMatch(ulfs.description, new RegExp(t.number));
    assert.equal(
      await count('select count(*)::int as n from ticket_messages where ticket_id = $1', [ulfs.id]),
      0,
      'no note naming a ticket of the other municipality',
    );
    assert.equal((await ledger('ulf-1@ulricehamn.se'))?.detail.threadRefused?.reason, 'other-municipality');

    // A colleague in Tranemo who was sent a copy but never wrote: her own ticket, with an internal note for the agents.
    await ctx.userClient({ username: 'anna', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.database.query("update users set email = 'anna@tranemo.se', display_name = 'Anna Andersson' where username = 'anna'");
    await send(
      rawMail(
        {
          From: 'Anna Andersson <anna@tranemo.se>',
          To: 'support@tranemo.se',
          Subject: 'Re: Skärmen flimrar',
          'Message-ID': '<anna-1@tranemo.se>',
          'In-Reply-To': '<flimmer-1@tranemo.se>',
        },
        'Jag har också märkt det.',
      ),
      'anna@tranemo.se',
    );
    assert.deepEqual(await messages(), []);
    const annas = (await ticketsNamed('Skärmen flimrar')).find((r) => r.id !== t.id);
    assert.ok(annas);
    const notes = await ctx.database.query<{ body: string; visibility: string }>('select body, visibility from ticket_messages where ticket_id = $1', [
      annas.id,
    ]);
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.visibility, 'internal');
    assert.match(notes[0]?.body ?? '', new RegExp(`svar på ärende ${t.number}, men avsändaren är varken beställare, deltagare eller handläggare`));

    // The desk's agent answers by mail: it threads in as the agent, the status unchanged.
    await ctx.database.query("update users set email = 'forsta@it.tranemo.se' where username = 'forsta'");
    await send(
      rawMail(
        {
          From: 'Första linjen <forsta@it.tranemo.se>',
          To: 'support@tranemo.se',
          Subject: 'Re: Skärmen flimrar',
          'Message-ID': '<forsta-1@it.tranemo.se>',
          'In-Reply-To': '<flimmer-1@tranemo.se>',
        },
        'Prova en annan kabel.',
      ),
      'forsta@it.tranemo.se',
    );
    const [forsta] = await ctx.database.query<{ id: string }>("select id from users where username = 'forsta'");
    assert.deepEqual(
      (await messages()).map((m) => [m.body, m.visibility, m.author_user_id]),
      [['Prova en annan kabel.', 'public', forsta?.id]],
    );
    assert.equal((await ledger('forsta-1@it.tranemo.se'))?.outcome, 'reply');

    // The requester's own reply threads in, by the receipt's Message-ID.
    await send(
      rawMail(
        {
          From: 'Tove Tranemo <tove@tranemo.se>',
          To: 'support@tranemo.se',
          Subject: 'Kabeln',
          'Message-ID': '<flimmer-2@tranemo.se>',
          'In-Reply-To': receipt.messageId,
        },
        'Det var kabeln, tack!',
      ),
    );
    assert.deepEqual(
      (await messages()).map((m) => m.body),
      ['Prova en annan kabel.', 'Det var kabeln, tack!'],
    );
    assert.equal((await ticketsNamed('Kabeln')).length, 0);
    // …and so does Mallory's next mail, but into her own ticket (she is its requester).
    await send(
      rawMail(
        {
          From: 'Mallory <mallory@example.com>',
          To: 'support@tranemo.se',
          Subject: 'Hallå?',
          'Message-ID': '<outsider-3@example.com>',
          'In-Reply-To': '<outsider-1@example.com>',
        },
        'Svara!',
      ),
      'mallory@example.com',
    );
    assert.equal((await ledger('outsider-3@example.com'))?.outcome, 'reply');
    assert.equal(await count("select count(*)::int as n from ticket_messages where ticket_id = $1 and visibility = 'public'", [outsider.id]), 1);
    assert.equal((await messages()).length, 2);
  });

  test('MAIL_REQUIRE_DMARC: without the gateway’s dmarc=pass the From address is an unknown sender and joins no ticket', async () => {
    const dmarc = { db: ctx.deps.database.db, secret: ctx.deps.secret, mail: { ...ctx.deps.config.mail, requireDmarc: true, authservId: 'mx.tranemo.se' } };
    const envelope = { from: 'tove@tranemo.se', to: ['support@tranemo.se'] };
    const [tove] = await ctx.database.query<{ id: string }>("select id from users where username = 'tove'");
    const pass = 'mx.tranemo.se; spf=pass smtp.mailfrom=tranemo.se; dmarc=pass (p=reject) header.from=tranemo.se';

    const spoofed = await ingestMail(
      dmarc,
      Buffer.from(
        rawMail(
          {
            'Authentication-Results': 'mx.tranemo.se; dmarc=fail (p=none) header.from=tranemo.se',
            From: 'Tove Tranemo <tove@tranemo.se>',
            To: 'support@tranemo.se',
            Subject: 'DMARC underkänd',
            'Message-ID': '<dmarc-fail@tranemo.se>',
          },
          'Hej',
        ),
      ),
      envelope,
    );
    assert.equal(spoofed.outcome, 'ticket');
    const forged = await ingestMail(
      dmarc,
      Buffer.from(
        rawMail(
          {
            'Authentication-Results': 'evil.example; dmarc=pass',
            From: 'Tove Tranemo <tove@tranemo.se>',
            To: 'support@tranemo.se',
            Subject: 'DMARC förfalskad',
            'Message-ID': '<dmarc-forged@tranemo.se>',
          },
          'Hej',
        ),
      ),
      envelope,
    );
    assert.equal(forged.outcome, 'ticket');
    for (const subject of ['DMARC underkänd', 'DMARC förfalskad']) {
      const [row] = await ticketsNamed(subject);
      assert.equal(row?.requester_user_id, null, `${subject}: not Tove’s account`);
    }

    const verified = await ingestMail(
      dmarc,
      Buffer.from(
        rawMail(
          {
            'Authentication-Results': pass,
            From: 'Tove Tranemo <tove@tranemo.se>',
            To: 'support@tranemo.se',
            Subject: 'DMARC godkänd',
            'Message-ID': '<dmarc-pass@tranemo.se>',
          },
          'Hej',
        ),
      ),
      envelope,
    );
    const [ok] = await ticketsNamed('DMARC godkänd');
    assert.equal(ok?.requester_user_id, tove?.id, 'a DMARC pass makes her account the requester');

    const unverifiedReply = await ingestMail(
      dmarc,
      Buffer.from(
        rawMail(
          {
            From: 'Tove Tranemo <tove@tranemo.se>',
            To: 'support@tranemo.se',
            Subject: 'Re: DMARC godkänd',
            'Message-ID': '<dmarc-reply-1@tranemo.se>',
            'In-Reply-To': '<dmarc-pass@tranemo.se>',
          },
          'Ändra mitt lösenord.',
        ),
      ),
      envelope,
    );
    assert.equal(unverifiedReply.outcome, 'ticket', 'a reply without DMARC pass does not join her ticket');
    assert.notEqual(unverifiedReply.ticketId, verified.ticketId);
    const reply = await ingestMail(
      dmarc,
      Buffer.from(
        rawMail(
          {
            'Authentication-Results': pass,
            From: 'Tove Tranemo <tove@tranemo.se>',
            To: 'support@tranemo.se',
            Subject: 'Re: DMARC godkänd',
            'Message-ID': '<dmarc-reply-2@tranemo.se>',
            'In-Reply-To': '<dmarc-pass@tranemo.se>',
          },
          'Tack.',
        ),
      ),
      envelope,
    );
    assert.deepEqual([reply.outcome, reply.ticketId], ['reply', verified.ticketId]);
  });

  test('a delivery report whose envelope sender a gateway rewrote, a read receipt and list mail are recorded, never a ticket or an answer', async () => {
    const outbox = await count('select count(*)::int as n from mail_outbox');
    const tickets = await count('select count(*)::int as n from tickets');
    const outcome = async (id: string) =>
      (await ctx.database.query<{ outcome: string; detail: { reason?: string } }>('select outcome, detail from mail_inbound where message_id = $1', [id]))[0];

    await send(await fixture('delivery-report.eml'), 'SRS0=ab12=XY=tranemo.se@gw.tranemo.se');
    assert.deepEqual(await outcome('fixture-dsn@gw.tranemo.se'), { outcome: 'automatic', detail: { reason: 'delivery report' } });

    // Tove's client confirms she read the receipt: a reply by its headers, but a machine's.
    const [t] = await ticketsNamed('Skärmen flimrar');
    assert.ok(t);
    const before = await count('select count(*)::int as n from ticket_messages where ticket_id = $1', [t.id]);
    await send(
      [
        'From: Tove Tranemo <tove@tranemo.se>',
        'To: support@tranemo.se',
        'Subject: Läst: Skärmen flimrar',
        'Message-ID: <mdn-1@tranemo.se>',
        'In-Reply-To: <flimmer-1@tranemo.se>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=disposition-notification;',
        '\tboundary="mdn"',
        '',
        '--mdn',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Meddelandet har lästs.',
        '--mdn',
        'Content-Type: message/disposition-notification',
        '',
        'Final-Recipient: rfc822; tove@tranemo.se',
        'Disposition: manual-action/MDN-sent-manually; displayed',
        '--mdn--',
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(await outcome('mdn-1@tranemo.se'), { outcome: 'automatic', detail: { reason: 'read receipt' } });
    assert.equal(await count('select count(*)::int as n from ticket_messages where ticket_id = $1', [t.id]), before);

    // A mailing list by its List-Id header (the parser files it under another name).
    await send(
      rawMail(
        {
          From: 'Nyhetsbrev <nyheter@lista.example.com>',
          To: 'support@tranemo.se',
          Subject: 'Veckans nyheter',
          'Message-ID': '<list-1@lista.example.com>',
          'List-Id': 'Nyheter <nyheter.lista.example.com>',
        },
        'Nyheter.',
      ),
      'bounces@lista.example.com',
    );
    assert.deepEqual(await outcome('list-1@lista.example.com'), { outcome: 'automatic', detail: { reason: 'mailing list' } });

    assert.equal(await count('select count(*)::int as n from tickets'), tickets, 'no ticket');
    assert.equal(await count('select count(*)::int as n from mail_outbox'), outbox, 'no answer');
  });
});
