import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postings } from '../src/db/schema.js';
import { type RunningNotifications, startNotifications } from '../src/jobs/notifications.js';
import { submitApplication } from '../src/services/applications/submit-application.js';
import { runDigests } from '../src/services/mail/digest.js';
import { ADMIN_PASSWORD, createTestContext, type TestContext, validVacancy } from './support/app.js';

type Mail = { to: string; raw: string; subject: string; text: string };

/** A real SMTP server on loopback that keeps what it receives. */
const inbox: Mail[] = [];
const waiters: (() => void)[] = [];
/** Addresses the server turns away once (a temporary failure), as a busy mail server does. */
const refuseOnce = new Set<string>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, callback) {
    if (!refuseOnce.delete(address.address)) return callback();
    const busy = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
    return callback(busy);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      // Quoted-printable soft breaks and escapes, as nodemailer may encode long lines.
      const text = rest
        .join('\r\n\r\n')
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      const subject = /^Subject: (.*(?:\r\n .*)*)/m.exec(head)?.[1]?.replace(/\r\n /g, ' ') ?? '';
      for (const to of session.envelope.rcptTo) inbox.push({ to: to.address, raw, subject, text });
      for (const wake of waiters.splice(0)) wake();
      callback();
    });
  },
});

async function mailTo(
  address: string,
  count = 1,
  which: (mail: Mail) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<Mail[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = inbox.filter((m) => m.to === address && which(m));
    if (found.length >= count) return found;
    if (Date.now() > end)
      throw new Error(`no mail to ${address}; inbox: ${inbox.map((m) => m.to).join(', ')}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 500);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let t: TestContext;
let org: { id: string; token: string; adminEmail: string };
let notifications: RunningNotifications;
let vacancyId: string;

const apply = (name: string, email: string, key: string) =>
  submitApplication(
    t.deps,
    { uploadsDir: t.uploadsDir, uploadQuotaBytes: 100 * 1024 * 1024 },
    { organisationId: org.id, vacancyId },
    {
      name,
      email,
      phone: '07700 900982',
      coverNote: '',
      cv: { bytes: PDF, type: 'pdf', originalName: 'cv.pdf' },
      submissionKey: key,
      sourceToken: null,
    },
  );

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestContext();
  org = await t.organisation('Mail Trust');
  notifications = startNotifications(
    { ...t.deps, outboundAllow: [] },
    {
      pollMs: 50,
      concurrency: 4,
      retryScheduleMs: [0, 200, 200],
      disableAfterMs: 60_000,
      digestCheckMs: 3_600_000,
      mail: {
        transport: createTransport(`smtp://127.0.0.1:${port}`),
        from: 'Postroom <postroom@mail.example>',
      },
    },
  );
  const created = await t.request(
    org.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({ reference: 'MAIL-1' }),
  );
  vacancyId = (created.body as { id: string }).id;
  expect((await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
});
afterAll(async () => {
  await notifications?.stop();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('e-mail through SMTP', () => {
  it('lets a person choose a daily digest, and refuses preferences for an API token', async () => {
    const added = await t.request(org.token, 'POST', '/api/v1/users', {
      email: 'digest@mail.example',
      name: 'Dee Gest',
      role: 'recruiter',
      password: ADMIN_PASSWORD,
    });
    expect(added.status).toBe(201);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'digest@mail.example', password: ADMIN_PASSWORD },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'postroom_session')!;
    const csrf = (signIn.json() as { csrfToken: string }).csrfToken;
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      cookies: { postroom_session: cookie.value },
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ applicationEmails: 'digest' }),
    });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      cookies: { postroom_session: cookie.value },
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ applicationEmails: 'hourly' }),
    });
    expect(bad.statusCode).toBe(422);
    const byToken = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ applicationEmails: 'none' }),
    });
    expect(byToken.statusCode).toBe(409);
  });

  it('confirms to the candidate, tells recruiters who want each application, and sends the digest', async () => {
    await apply('Ada Lovelace', 'ada@example.org', 'mail-1');
    await apply('Grace Hopper', 'grace@example.org', 'mail-2');

    const [confirmation] = await mailTo('ada@example.org');
    expect(confirmation!.subject).toBe('We received your application: Staff Nurse');
    expect(confirmation!.text).toContain('Thank you for applying for Staff Nurse (MAIL-1) at Mail Trust.');
    expect(confirmation!.text).toContain(
      'We keep your application and CV for 6 months after the vacancy closes',
    );

    const notices = await mailTo(org.adminEmail, 2);
    expect(notices.map((m) => m.subject)).toEqual([
      'New application: Staff Nurse',
      'New application: Staff Nurse',
    ]);
    expect(notices.map((m) => m.text).join('\n')).toContain(
      'Grace Hopper applied for Staff Nurse (MAIL-1), from Careers site.',
    );
    expect(inbox.some((m) => m.to === 'digest@mail.example')).toBe(false);

    expect(await runDigests(t.deps, new Date(Date.now() + 1_000))).toBe(1);
    const [digest] = await mailTo('digest@mail.example');
    expect(digest!.subject).toBe('2 new applications today');
    expect(digest!.text).toContain('- Ada Lovelace for Staff Nurse (MAIL-1), from Careers site');
    expect(digest!.text).toContain('- Grace Hopper for Staff Nurse (MAIL-1), from Careers site');
    // One digest a day: running again at once sends nothing.
    expect(await runDigests(t.deps, new Date(Date.now() + 2_000))).toBe(0);

    for (const mail of inbox) expect(mail.raw).not.toContain('%PDF');
    const outbox = await t.request(org.token, 'GET', '/api/v1/mails');
    const items = (outbox.body as { items: { status: string; kind: string }[] }).items;
    expect(items.filter((m) => m.kind === 'application_confirmation').every((m) => m.status === 'sent')).toBe(
      true,
    );
  });

  it('retries a mail the server turned away for now', async () => {
    refuseOnce.add('busy@example.org');
    await apply('Busy Person', 'busy@example.org', 'mail-3');
    const [mail] = await mailTo('busy@example.org');
    expect(mail!.subject).toBe('We received your application: Staff Nurse');
    // The server has it; Postroom records it as sent just after.
    let sent: { status: string; attempts: number } | undefined;
    for (const end = Date.now() + 10_000; sent?.status !== 'sent' && Date.now() < end; ) {
      const outbox = await t.request(org.token, 'GET', '/api/v1/mails');
      const items = (outbox.body as { items: { to: string; status: string; attempts: number }[] }).items;
      sent = items.find((m) => m.to === 'busy@example.org');
      if (sent?.status !== 'sent') await new Promise((r) => setTimeout(r, 50));
    }
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it("tells the vacancy's owner when a posting fails, with no credential in the mail", async () => {
    const connection = await t.request(org.token, 'POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 's1jobs',
      // The board's own address: no worker runs here, so nothing is sent to it.
      settings: { username: 'demo-api', password: 'demo-secret' },
    });
    const posting = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancyId}/postings`, {
      connectionId: (connection.body as { id: string }).id,
      fields: { coreSkill: 'Medical / Dental / Health Care' },
    });
    expect(posting.status, JSON.stringify(posting.body)).toBe(202);
    // What the worker writes when the board refuses the advert (no worker runs in this test).
    await t.database.db
      .update(postings)
      .set({
        status: 'failed',
        lastError: { reason: 'invalid', message: 'The title is too long.', boardMessage: 'title: too long' },
      })
      .where(eq(postings.id, (posting.body as { id: string }).id));
    const [failed] = await mailTo(org.adminEmail, 1, (m) => m.subject.startsWith('Posting failed'));
    expect(failed!.subject).toBe('Posting failed: Staff Nurse on s1jobs');
    expect(failed!.text).toContain('The title is too long.');
    expect(failed!.text).toContain('The board said: title: too long');
    expect(failed!.raw).not.toContain('demo-secret');
  });
});
