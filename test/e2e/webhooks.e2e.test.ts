import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNotifications, startNotifications } from '../../src/jobs/notifications.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { expectAccessible, launchBrowser, signIn, type TestBrowser } from '../support/browser.js';
import { Receiver, verifyStandardWebhook } from '../support/webhook-receiver.js';

/** The admin's webhooks page in Debian's Chromium, against the real server, queue and a receiver on loopback. */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { adminEmail: string };
let notifications: RunningNotifications;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  // Loopback is private: allowed here as an operator would (POSTROOM_BOARD_URL_ALLOW).
  t = await createTestContext({ pipeline: true, outboundAllow: ['127.0.0.1'] });
  org = await t.organisation('Webhook Health Board');
  notifications = startNotifications(
    { ...t.deps, outboundAllow: ['127.0.0.1'] },
    {
      pollMs: 50,
      concurrency: 4,
      retryScheduleMs: [0, 200, 200],
      disableAfterMs: 60_000,
      digestCheckMs: 3_600_000,
      mail: { transport: null, from: 'Postroom <postroom@localhost>' },
    },
  );
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await notifications?.stop();
  await t?.close();
  await receiver.stop();
});

describe('the webhooks page', () => {
  it(
    'adds an endpoint, shows its secret once, sends a test event and lists its delivery',
    async () => {
      await signIn(page, t, org.adminEmail);

      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      await page.getByText('No webhook endpoints').waitFor();
      await page.getByLabel('Address').fill('http://10.9.8.7/hooks');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      // A private address the operator did not allow: the reason is on the field, nothing typed is lost.
      await page
        .getByText(/private, loopback or link-local address/)
        .first()
        .waitFor();
      expect(await page.getByLabel('Address').inputValue()).toBe('http://10.9.8.7/hooks');

      await page.getByLabel('Address').fill(`${receiver.url}/hooks`);
      await page.getByLabel('Description').fill('HR system');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_/);
      await expectAccessible(page, 'the webhooks page');

      const endpoint = page.getByRole('region', { name: `${receiver.url}/hooks` });
      await endpoint.getByRole('button', { name: 'Send test event' }).click();
      const row = endpoint.getByTestId('delivery').filter({ hasText: 'webhook.test' });
      await row.getByText('Delivered').waitFor();
      await row.getByText(/HTTP 204/).waitFor();

      const [received] = await receiver.until((all) => all.length === 1);
      expect(received!.payload.type).toBe('webhook.test');
      const headers = {
        'webhook-id': received!.id,
        'webhook-timestamp': String(received!.timestamp),
        'webhook-signature': received!.signatures.join(' '),
      };
      expect(verifyStandardWebhook(secret, headers, received!.body)).toBe(true);
      expect(await row.textContent()).toContain(received!.id);

      // Shown once: after a reload the secret is nowhere on the page.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      expect(await page.content()).not.toContain(secret);
      expect(browser.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'shows the outbox, and lets a person choose a daily digest of applications',
    async () => {
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Outbox' }).click();
      await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
      await page.getByText('No e-mails yet').waitFor();
      await expectAccessible(page, 'the outbox');

      await page.goto(`${t.baseUrl}/app/applications`);
      const choice = page.getByLabel('E-mail me about applications');
      expect(await choice.inputValue()).toBe('each');
      await choice.selectOption('digest');
      await page.getByText('Your e-mail choice is saved.').waitFor();
      await page.reload();
      expect(await page.getByLabel('E-mail me about applications').inputValue()).toBe('digest');
      await expectAccessible(page, 'the applications page with the e-mail choice');
      expect(browser.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
