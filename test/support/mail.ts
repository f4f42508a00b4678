import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { startMailListener, type MailListener } from '../../src/mail/listener.ts';
import type { TestContext } from './app.ts';

/** A local SMTP server that keeps every mail it is sent (issue 5: tests send mail out to a sink). */
export interface MailSink {
  port: number;
  received: ParsedMail[];
  /** A nodemailer transport to the sink, for the send job. */
  transport(): Transporter;
  close(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (m) => {
          received.push(m);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    transport: () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Samdesk's own listener on a free loopback port, and a client that sends raw mail or messages to it. */
export async function startTestListener(ctx: TestContext): Promise<{ listener: MailListener; client: Transporter }> {
  const listener = await startMailListener(
    { db: ctx.deps.database.db, secret: ctx.deps.secret, mail: ctx.deps.config.mail },
    { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }) },
  );
  return { listener, client: nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true }) };
}
