import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import type { Transporter } from 'nodemailer';
import type { MailListener } from '../../src/mail/listener.ts';
import { mailSendJob } from '../../src/mail/outbox.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { TEST_PASSWORD, type TestContext } from '../support/app.ts';
import { startMailSink, startTestListener, type MailSink } from '../support/mail.ts';
import { signIn, startBrowserSuite, type BrowserSuite } from './web.ts';

/**
 * Issue 5, "Done when": a mail arrives over SMTP and becomes a ticket, an agent answers in the browser,
 * the requester's reply by mail threads in, the ticket is closed, the sampled survey mail arrives at
 * the sink, its link is answered in the browser, and the answer shows up for IT. Real SMTP on loopback
 * both ways; the send job runs when the test says (it runs every minute in the server).
 */
describe('web: mail in, mail out and the survey', () => {
  let suite: BrowserSuite;
  let ctx: TestContext;
  let server: BrowserSuite['server'];
  let listener: MailListener;
  let client: Transporter;
  let sink: MailSink;
  const newPage = (t: NodeTestContext, viewport?: { width: number; height: number }) => suite.newPage(t, viewport ?? { width: 1400, height: 1000 });

  before(async () => {
    suite = await startBrowserSuite({ env: { MAIL_FROM: 'IT-supporten <support@tranemo.se>' } });
    ({ ctx, server } = suite);
    await ctx.userClient({ username: 'tove.mejl', roles: ['end_user'], municipality: 'tranemo' });
    await ctx.database.query("update users set email = 'tove@tranemo.se', display_name = 'Tove Tranemo' where username = 'tove.mejl'");
    await ctx.userClient({ username: 'agent.mejl', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
    await ctx.userClient({ username: 'itchef.mejl', roles: ['it_management'], municipality: null });
    ({ listener, client } = await startTestListener(ctx));
    sink = await startMailSink();
  });

  after(async () => {
    await listener?.close();
    await sink?.close();
    await suite?.close();
  });

  const smtp = () => client;
  const sendJob = () => runJobOnce(ctx.deps.database.db, mailSendJob({ ...ctx.deps.config, baseUrl: server.url }, ctx.deps.secret, sink.transport()));
  const mailTo = (subjectStart: string) => {
    const received = sink.received;
    const m = received.find((x) => x.subject?.startsWith(subjectStart));
    assert.ok(m, `no mail "${subjectStart}" among: ${received.map((x) => x.subject).join(' | ')}`);
    return m;
  };

  test('a mailed fault is answered, the reply threads in, and the closed ticket’s survey is answered in the browser', async (t) => {
    // --- A mail to the support address becomes a ticket.
    await smtp().sendMail({
      from: 'Tove Tranemo <tove@tranemo.se>',
      to: 'support@tranemo.se',
      subject: 'Projektorn i sal 4 startar inte',
      text: 'Hej!\n\nProjektorn i sal 4 visar bara en blå skärm.\n\nTove',
      messageId: '<e2e-1@tranemo.se>',
    });
    await sendJob();
    const receipt = mailTo('Vi har tagit emot ditt ärende: Projektorn i sal 4 startar inte');
    const number = /\[#(\d{4}-\d{6}) /.exec(receipt.subject ?? '')?.[1] ?? '';
    assert.ok(number);

    // --- The agent finds it by searching and answers in the public conversation.
    const agent = await newPage(t);
    if (!agent) return;
    await signIn(agent, server.url, 'agent.mejl', TEST_PASSWORD);
    await agent.getByRole('heading', { level: 1, name: 'Välkommen, agent.mejl' }).waitFor();
    await agent.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden', exact: true }).click();
    await agent.getByRole('searchbox', { name: 'Sök' }).fill('projektorn');
    await agent
      .getByRole('row', { name: new RegExp(number) })
      .getByRole('link', { name: number })
      .click();
    await agent.getByRole('heading', { level: 1, name: `Ärende ${number}: Projektorn i sal 4 startar inte` }).waitFor();
    const overview = agent.getByRole('region', { name: 'Översikt' });
    await overview.getByRole('cell', { name: 'E-post' }).waitFor();
    await overview.getByText('Projektorn i sal 4 visar bara en blå skärm.', { exact: false }).waitFor();
    const conversation = agent.getByRole('region', { name: 'Konversation och interna anteckningar' });
    await conversation.getByRole('radio', { name: 'Svar till beställaren' }).check();
    await conversation.getByRole('textbox', { name: 'Svar till beställaren' }).fill('Har du provat att byta ingång med knappen Source?');
    await conversation.getByRole('button', { name: 'Skicka svar' }).click();
    await conversation.getByRole('listitem', { name: 'Svar från agent.mejl' }).waitFor();

    // --- The answer reaches her mailbox; her reply by mail threads into the ticket.
    await sendJob();
    const answer = mailTo('Svar i ditt ärende: Projektorn i sal 4 startar inte');
    assert.match(answer.text ?? '', /Har du provat att byta ingång med knappen Source\?/);
    assert.match(answer.text ?? '', new RegExp(`${server.url}/arende/`), 'the link comes from BASE_URL');
    await smtp().sendMail({
      from: 'Tove Tranemo <tove@tranemo.se>',
      to: answer.replyTo?.text ?? 'support@tranemo.se',
      subject: `SV: ${answer.subject ?? ''}`,
      inReplyTo: answer.messageId,
      references: answer.messageId,
      text: 'Ja, nu fungerar det! Tack.\n\nDen 28 nov. 2026 skrev IT-supporten <support@tranemo.se>:\n> Har du provat att byta ingång?',
      messageId: '<e2e-2@tranemo.se>',
    });
    await agent.reload();
    await conversation
      .getByRole('listitem', { name: /Svar från Tove Tranemo/ })
      .getByText('Ja, nu fungerar det! Tack.')
      .waitFor();
    assert.equal(await agent.getByText('Har du provat att byta ingång?', { exact: true }).count(), 0, 'the quoted history is left out');

    // --- Solved and closed; this year's mission surveys every closed ticket, so this one is drawn.
    await ctx.database.query("update mission_versions set document = jsonb_set(document, '{support,survey,sampleShare}', '1')");
    const statuses = agent.getByRole('group', { name: 'Ändra status' });
    await statuses.getByRole('button', { name: 'Markera som löst' }).click();
    await overview.getByText('Löst', { exact: true }).waitFor();
    await statuses.getByRole('button', { name: 'Stäng ärendet' }).click();
    await overview.getByText('Stängd', { exact: true }).waitFor();
    await sendJob();
    const surveyMail = mailTo('Hur tyckte du att vi skötte ditt ärende?');
    assert.ok(surveyMail.subject?.includes(number));
    const link = new RegExp(`${server.url}/enkat/\\S+`).exec(surveyMail.text ?? '')?.[0];
    assert.ok(link, surveyMail.text);

    // --- She answers on her phone without signing in.
    const phone = await newPage(t, { width: 390, height: 844 });
    if (!phone) return;
    await phone.goto(link);
    await phone.getByRole('heading', { level: 1, name: 'Vad tyckte du om hjälpen från IT?' }).waitFor();
    await phone
      .getByRole('group', { name: '1. Anser du att IT löste ditt ärende/problem tillfredsställande?' })
      .getByRole('radio', { name: '5 – Helt och hållet' })
      .check();
    await phone
      .getByRole('group', { name: '2. Hur upplevde du IT-personalens bemötande i samband med ditt ärende?' })
      .getByRole('radio', { name: '4' })
      .check();
    await phone.getByRole('textbox', { name: 'Kommentar (frivillig)' }).fill('Snabb hjälp via mejl.');
    await phone.getByRole('button', { name: 'Skicka svar' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Tack för ditt svar!' }).waitFor();

    // --- IT sees the answer.
    const it = await newPage(t);
    if (!it) return;
    await signIn(it, server.url, 'itchef.mejl', TEST_PASSWORD);
    await it.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Enkätsvar' }).click();
    const row = it.getByRole('row', { name: new RegExp(number) });
    await row.getByRole('cell', { name: 'Snabb hjälp via mejl.' }).waitFor();
  });
});
