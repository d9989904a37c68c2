import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNotifications, startNotifications } from '../src/jobs/notifications.js';
import { submitApplication } from '../src/services/applications/submit-application.js';
import { pruneDeliveryLog } from '../src/services/webhooks/dispatch.js';
import { createTestContext, type TestContext, validVacancy } from './support/app.js';
import { Receiver, verifyStandardWebhook } from './support/webhook-receiver.js';

type Webhook = { id: string; url: string; enabled: boolean; disabledReason: string | null; secret?: string };
type Delivery = {
  id: string;
  webhookId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  attempts: { responseStatus: number | null; error: string | null; durationMs: number }[];
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let t: TestContext;
let org: { id: string; slug: string; token: string };
let notifications: RunningNotifications;
const receiver = new Receiver();
const DISABLE_AFTER_MS = 3_000;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = org.token) =>
  t.request(token, method, url, body);

async function addWebhook(path: string, events: string[]): Promise<Webhook & { secret: string }> {
  const created = await api('POST', '/api/v1/webhooks', { url: `${receiver.url}${path}`, events });
  expect(created.status).toBe(201);
  return created.body as Webhook & { secret: string };
}

async function deliveries(webhookId: string): Promise<Delivery[]> {
  return ((await api('GET', `/api/v1/webhooks/${webhookId}/deliveries`)).body as { items: Delivery[] }).items;
}

/** Asks the API until `done` holds; each look is a real read, the worker runs meanwhile. */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`still ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  await receiver.start();
  // Loopback is private: the test allows it as an operator would (POSTROOM_BOARD_URL_ALLOW).
  t = await createTestContext({ pipeline: true, outboundAllow: ['127.0.0.1'] });
  org = await t.organisation('Hook Trust');
  notifications = startNotifications(
    { ...t.deps, outboundAllow: ['127.0.0.1'] },
    {
      pollMs: 50,
      concurrency: 8,
      // A short schedule for the test: at once, then every 150 ms for a while.
      retryScheduleMs: [0, ...Array(60).fill(150)],
      disableAfterMs: DISABLE_AFTER_MS,
      digestCheckMs: 3_600_000,
      mail: { transport: null, from: 'Postroom <postroom@localhost>' },
    },
  );
});
afterAll(async () => {
  await notifications?.stop();
  await t?.close();
  await receiver.stop();
});

describe('webhooks', () => {
  it('delivers each change once, signed as Standard Webhooks says, posting changes in order', async () => {
    const hook = await addWebhook('/all', [
      'vacancy.published',
      'vacancy.updated',
      'vacancy.closed',
      'posting.status_changed',
      'application.created',
    ]);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    const listed = await api('GET', '/api/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);

    const s1 = await api('POST', '/api/v1/connections', {
      board: 's1jobs',
      name: 's1jobs',
      settings: { username: 'demo-api', password: 'demo-secret', baseUrl: `${t.baseUrl}/sandbox/s1jobs` },
    });
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference: 'HOOK-1', closingDate: inDays(20) }),
    );
    const vacancyId = (created.body as { id: string }).id;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/publish`)).status).toBe(200);
    expect(
      (await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { title: 'Senior Staff Nurse' })).status,
    ).toBe(200);
    const posting = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
      connectionId: (s1.body as { id: string }).id,
      fields: { coreSkill: 'Medical / Dental / Health Care' },
    });
    expect(posting.status, JSON.stringify(posting.body)).toBe(202);
    const postingId = (posting.body as { id: string }).id;
    await receiver.until(() =>
      receiver
        .unique('/all')
        .some((r) => r.payload.type === 'posting.status_changed' && r.payload.data.status === 'posted'),
    );
    const submitted = await submitApplication(
      t.deps,
      { uploadsDir: t.uploadsDir, uploadQuotaBytes: 100 * 1024 * 1024 },
      { organisationId: org.id, vacancyId },
      {
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        phone: '07700 900982',
        coverNote: '',
        cv: { bytes: PDF, type: 'pdf', originalName: 'cv.pdf' },
        submissionKey: 'hook-key-1',
        sourceToken: null,
      },
    );
    if (submitted.kind !== 'stored') throw new Error(`The application was not stored: ${submitted.kind}`);
    const { application } = submitted;
    expect((await api('POST', `/api/v1/vacancies/${vacancyId}/close`)).status).toBe(200);
    await receiver.until(() =>
      receiver
        .unique('/all')
        .some((r) => r.payload.type === 'posting.status_changed' && r.payload.data.status === 'closed'),
    );
    await receiver.until(() => receiver.unique('/all').some((r) => r.payload.type === 'application.created'));

    for (const r of receiver.received.filter((x) => x.path === '/all'))
      expect(
        verifyStandardWebhook(
          hook.secret,
          {
            'webhook-id': r.id,
            'webhook-timestamp': String(r.timestamp),
            'webhook-signature': r.signatures.join(' '),
          },
          r.body,
        ),
      ).toBe(true);

    const unique = receiver.unique('/all');
    const types = unique.map((r) => r.payload.type);
    expect(types.filter((x) => x === 'vacancy.published')).toHaveLength(1);
    expect(types.filter((x) => x === 'vacancy.updated')).toHaveLength(1);
    expect(types.filter((x) => x === 'vacancy.closed')).toHaveLength(1);
    expect(types.filter((x) => x === 'application.created')).toHaveLength(1);
    const updated = unique.find((r) => r.payload.type === 'vacancy.updated')!.payload.data;
    expect(updated).toMatchObject({
      vacancy: { id: vacancyId, title: 'Senior Staff Nurse' },
      changedFields: ['title'],
    });

    // Posting changes arrive in order: each one starts where the one before ended.
    const changes = unique
      .filter((r) => r.payload.type === 'posting.status_changed')
      .map(
        (r) =>
          r.payload.data as {
            previousStatus: string;
            status: string;
            statusText: string;
            posting: { id: string };
          },
      );
    expect(changes.every((c) => c.posting.id === postingId)).toBe(true);
    for (let i = 1; i < changes.length; i += 1)
      expect(changes[i]!.previousStatus).toBe(changes[i - 1]!.status);
    expect(changes.map((c) => c.status)).toEqual(
      expect.arrayContaining(['sending', 'posted', 'closing', 'closed']),
    );
    expect(changes.find((c) => c.status === 'posted')?.statusText).toBe('Live on s1jobs');

    const applied = unique.find((r) => r.payload.type === 'application.created')!;
    expect(applied.body).not.toContain('%PDF');
    expect(applied.payload.data).toMatchObject({
      application: {
        id: application.id,
        name: 'Ada Lovelace',
        cvUrl: `http://localhost:3000/api/v1/applications/${application.id}/cv`,
      },
    });
    // The link works with an API token, and only with one.
    expect((await api('GET', `/api/v1/applications/${application.id}/cv`)).status).toBe(200);
    expect((await t.request(null, 'GET', `/api/v1/applications/${application.id}/cv`)).status).toBe(401);
  });

  it('keeps retrying while the receiver is down, then delivers once it is back', async () => {
    const hook = await addWebhook('/flaky', ['vacancy.updated']);
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference: 'HOOK-2', closingDate: inDays(20) }),
    );
    const vacancyId = (created.body as { id: string }).id;
    receiver.down = true;
    expect(
      (await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { summary: 'Now with parking.' })).status,
    ).toBe(200);
    const failing = await eventually(
      () => deliveries(hook.id),
      (items) => (items[0]?.attempts.length ?? 0) >= 3,
    );
    expect(failing[0]!.attempts.every((a) => a.responseStatus === null && a.error)).toBe(true);
    receiver.down = false;
    await receiver.until(() => receiver.unique('/flaky').length === 1);
    const done = await eventually(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
    );
    expect(done[0]!.attemptCount).toBeGreaterThanOrEqual(4);
    expect(done[0]!.attempts.at(-1)?.responseStatus).toBe(204);
    expect(done[0]!.webhookId).toBe(receiver.unique('/flaky')[0]!.id);
    expect(((await api('GET', `/api/v1/webhooks/${hook.id}`)).body as Webhook).enabled).toBe(true);
  });

  it('disables an endpoint that fails for its whole failure window and tells the admins', async () => {
    receiver.failing.add('/broken');
    const hook = await addWebhook('/broken', ['vacancy.updated']);
    const created = await api(
      'POST',
      '/api/v1/vacancies',
      validVacancy({ reference: 'HOOK-3', closingDate: inDays(20) }),
    );
    const vacancyId = (created.body as { id: string }).id;
    expect((await api('PATCH', `/api/v1/vacancies/${vacancyId}`, { summary: 'Changed.' })).status).toBe(200);
    const disabled = await eventually(
      async () => (await api('GET', `/api/v1/webhooks/${hook.id}`)).body as Webhook,
      (w) => !w.enabled,
    );
    expect(disabled.disabledReason).toMatch(/^Disabled after failing since/);
    const items = await deliveries(hook.id);
    expect(items[0]!.attempts.every((a) => a.responseStatus === 500)).toBe(true);
    const mails = (await api('GET', '/api/v1/mails')).body as { items: { kind: string; subject: string }[] };
    expect(mails.items.find((m) => m.kind === 'webhook_disabled')?.subject).toBe(
      'A webhook endpoint was disabled',
    );
    const history = (await api('GET', `/api/v1/webhooks/${hook.id}/test`)).status;
    expect(history).toBe(404);
    // A disabled endpoint gets nothing new until an admin enables it again.
    expect((await api('POST', `/api/v1/webhooks/${hook.id}/test`)).status).toBe(409);
    receiver.failing.delete('/broken');
    const enabled = await api('PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    expect((await api('POST', `/api/v1/webhooks/${hook.id}/test`)).status).toBe(202);
    await receiver.until(() =>
      receiver.received.some((r) => r.path === '/broken' && r.payload.type === 'webhook.test'),
    );
  });

  it('signs with both secrets for a while after a rotation', async () => {
    const hook = await addWebhook('/rotated', ['vacancy.updated']);
    const rotated = await api('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const secret = (rotated.body as { secret: string }).secret;
    expect(secret).not.toBe(hook.secret);
    expect((await api('POST', `/api/v1/webhooks/${hook.id}/test`)).status).toBe(202);
    const [test] = await receiver
      .until(() => receiver.unique('/rotated').length === 1)
      .then(() => receiver.unique('/rotated'));
    expect(test!.payload.type).toBe('webhook.test');
    expect(test!.signatures).toHaveLength(2);
    const headers = {
      'webhook-id': test!.id,
      'webhook-timestamp': String(test!.timestamp),
      'webhook-signature': test!.signatures.join(' '),
    };
    expect(verifyStandardWebhook(secret, headers, test!.body)).toBe(true);
    expect(verifyStandardWebhook(hook.secret, headers, test!.body)).toBe(true);
    expect(verifyStandardWebhook(hook.secret, headers, `${test!.body} `)).toBe(false);

    // Sent again by hand: the same webhook-id, so the receiver can tell it already has it.
    const [delivery] = await eventually(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
    );
    expect(
      (await api('POST', `/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`)).status,
    ).toBe(202);
    await receiver.until(() => receiver.received.filter((r) => r.path === '/rotated').length === 2);
    const both = receiver.received.filter((r) => r.path === '/rotated');
    expect(both[1]!.id).toBe(both[0]!.id);
    expect(receiver.unique('/rotated')).toHaveLength(1);
  });

  it('refuses private addresses the operator did not allow, bad events, recruiters and other organisations', async () => {
    const privateUrl = await api('POST', '/api/v1/webhooks', {
      url: 'http://10.1.2.3/hook',
      events: ['vacancy.closed'],
    });
    expect(privateUrl.status).toBe(422);
    expect((privateUrl.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe('url');
    const badEvent = await api('POST', '/api/v1/webhooks', {
      url: 'https://example.org/hook',
      events: ['vacancy.deleted'],
    });
    expect(badEvent.status).toBe(422);
    expect((badEvent.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toMatch(
      /^events/,
    );

    const hook = await addWebhook('/mine', ['vacancy.closed']);
    const other = await t.organisation('Other Trust');
    expect((await api('GET', `/api/v1/webhooks/${hook.id}`, undefined, other.token)).status).toBe(404);
    expect((await api('GET', `/api/v1/webhooks/${hook.id}/deliveries`, undefined, other.token)).status).toBe(
      404,
    );
    expect((await api('DELETE', `/api/v1/webhooks/${hook.id}`, undefined, other.token)).status).toBe(404);
    const recruiter = await t.organisation('Recruiter Trust', 'recruiter');
    expect((await api('GET', '/api/v1/webhooks', undefined, recruiter.token)).status).toBe(403);
    expect((await api('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
  });

  it('describes every event and its payload in the OpenAPI document', async () => {
    const doc = (await t.request(null, 'GET', '/api/v1/openapi.json')).body as {
      webhooks: Record<string, { post: { operationId: string; requestBody: unknown } }>;
      paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.webhooks).sort()).toEqual([
      'application.created',
      'posting.out_of_date',
      'posting.status_changed',
      'vacancy.closed',
      'vacancy.published',
      'vacancy.updated',
    ]);
    expect(JSON.stringify(doc.webhooks['application.created']?.post.requestBody)).toContain('cvUrl');
    expect(JSON.stringify(doc.webhooks['posting.status_changed']?.post.requestBody)).toContain(
      'previousStatus',
    );
    for (const [path, methods] of Object.entries(doc.paths).filter(([p]) =>
      /webhooks|mails|me\/notifications/.test(p),
    ))
      for (const [method, op] of Object.entries(methods)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(
          Object.keys(op.responses).some((code) => code.startsWith('4')),
          `${method} ${path}`,
        ).toBe(true);
      }
  });

  it('keeps the delivery log for 30 days', async () => {
    const hook = await addWebhook('/pruned', ['vacancy.closed']);
    expect((await api('POST', `/api/v1/webhooks/${hook.id}/test`)).status).toBe(202);
    await eventually(
      () => deliveries(hook.id),
      (items) => items[0]?.status === 'succeeded',
    );
    await pruneDeliveryLog(t.deps, new Date(Date.now() + 29 * 86_400_000));
    expect(await deliveries(hook.id)).toHaveLength(1);
    await pruneDeliveryLog(t.deps, new Date(Date.now() + 31 * 86_400_000));
    expect(await deliveries(hook.id)).toHaveLength(0);
  });
});
