import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { ingestMail, quarantineTooLarge, type InboundContext } from './ingest.ts';

export interface MailListener {
  port: number;
  close(): Promise<void>;
}

/** An SMTP error with the reply code the sender sees. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The SMTP listener for the support address (issue 5), off unless SMTP_LISTEN_PORT is set. It accepts
 * mail for the support mailbox (and its plus-addresses) only, up to MAIL_MAX_BYTES. Each mail is
 * handled by ingestMail: only after its transaction commits does the listener answer 250; an error
 * answers 451 so the sending server tries again (never a lost mail, and the Message-ID ledger makes
 * the retry harmless). Mail too large is kept (cut at the limit) for an administrator and refused
 * with 552; a mail that cannot be read is kept and accepted. One bad mail never stops the listener.
 */
export async function startMailListener(ctx: InboundContext, options: { port: number; host: string; logger: Logger }): Promise<MailListener> {
  const { mail } = ctx;
  const [local = '', domain = ''] = mail.fromAddress.toLowerCase().split('@');
  const accepts = (address: string) => {
    const [l = '', d = ''] = address.toLowerCase().split('@');
    return d === domain && (l === local || l.startsWith(`${local}+`));
  };
  const server = new SMTPServer({
    name: domain || 'samdesk',
    banner: 'Samdesk',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: mail.maxBytes,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (accepts(address.address)) callback();
      else callback(smtpError(550, `5.1.1 ${address.address}: no such mailbox here`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        if (size < mail.maxBytes) chunks.push(c);
        size += c.length;
      });
      stream.on('error', (e) => {
        callback(smtpError(451, `4.3.0 ${e.message}`));
      });
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).subarray(0, mail.maxBytes);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const tooLarge = (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded === true;
        const work = tooLarge ? quarantineTooLarge(ctx.db, raw, envelope, size) : ingestMail(ctx, raw, envelope);
        work.then(
          (result) => {
            options.logger.info({ mail: { outcome: result.outcome, ticketId: result.ticketId, reason: result.reason } }, 'mail received');
            if (tooLarge) callback(smtpError(552, `5.3.4 message larger than ${mail.maxBytes} bytes`));
            else callback(null, result.outcome === 'duplicate' ? 'Already received' : 'Received');
          },
          (e: unknown) => {
            options.logger.error({ err: e }, 'mail could not be stored; the sender will retry');
            callback(smtpError(451, '4.3.0 temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (e) => options.logger.error({ err: e }, 'SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  options.logger.info({ port, host: options.host }, 'SMTP listener for the support address');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
