import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.js';
import {
  connectSandbox,
  expectAccessible,
  inDays,
  launchBrowser,
  liveVacancy,
  signIn,
  type TestBrowser,
} from '../support/browser.js';

/**
 * DWP Find a job's delayed answer in Debian's Chromium, against the real server, worker and the
 * sandbox's SFTP server: a delivered advert reads "Delivered" until the daily import's report, and
 * "Check … now" reads the report, showing Posted, or DWP's refusal on the field.
 */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };
let connectionId = '';
let sandbox = '';

const statusText = () => page.getByTestId('status-text').textContent();
const control = (path: string, body: unknown = {}) =>
  fetch(`${sandbox}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const post = async (reference: string, closingDate: string) => {
  const vacancy = await liveVacancy(t, org.token, { title: 'Hospital Porter', reference, closingDate });
  const posted = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancy.id}/postings`, {
    connectionId,
  });
  expect(posted.status).toBe(202);
  return (posted.body as { id: string }).id;
};

beforeAll(async () => {
  // Each call opens an SSH session: a slow machine needs more than the suite's 1 s per call.
  t = await createTestContext({ pipeline: true, worker: { boardTimeoutMs: 5_000 } });
  org = await t.organisation('Riverside Care');
  sandbox = `${t.baseUrl}/sandbox/dwp-find-a-job`;
  await control('/_settings', { importIntervalMs: 0 });
  connectionId = await connectSandbox(t, org.token, 'dwp-find-a-job');
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('a Find a job posting in the web app', () => {
  it(
    'reads Delivered until the import, then Posted once the report is checked',
    async () => {
      const id = await post('RC-1', inDays(20));
      await page.goto(`${t.baseUrl}/app/postings/${id}`);
      await expect
        .poll(statusText, { timeout: 30_000 })
        .toBe('Delivered to DWP Find a job: waiting for its import and report');
      await page.locator('.status-line').getByText('Delivered', { exact: true }).waitFor();
      await expectAccessible(page, 'a delivered Find a job posting');

      await control('/_import');
      await page.getByRole('button', { name: /^Check .* now$/ }).click();
      await page.locator('.status-line').getByText('Posted', { exact: true }).waitFor({ timeout: 30_000 });
    },
    TIMEOUT,
  );

  it(
    "shows DWP's refusal from the report on the posting",
    async () => {
      const id = await post('RC-2', inDays(3));
      await page.goto(`${t.baseUrl}/app/postings/${id}`);
      await page.locator('.status-line').getByText('Delivered', { exact: true }).waitFor({ timeout: 30_000 });
      // The import runs late: the closing date is no longer a day ahead of it.
      await control('/_settings', { today: inDays(5) });
      await control('/_import');
      await page.getByRole('button', { name: /^Check .* now$/ }).click();
      await page.locator('.status-line').getByText('Failed', { exact: true }).waitFor({ timeout: 30_000 });
      await page
        .getByText('Closing date must be between posting/editing date +1 day and posting date +30 days')
        .first()
        .waitFor();
    },
    TIMEOUT,
  );
});
