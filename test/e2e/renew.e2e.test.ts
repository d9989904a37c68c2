import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postings } from '../../src/db/schema.js';
import { createTestContext, type TestContext } from '../support/app.js';
import {
  connectSandbox,
  expectAccessible,
  inDays,
  launchBrowser,
  liveVacancy,
  sandbox,
  signIn,
  type TestBrowser,
} from '../support/browser.js';

/**
 * Renewing an s1jobs advert near the end of its 28 days, and the "what's live where" dashboard, as
 * a recruiter does it in Debian's Chromium against the real server, queue, worker and sandbox.
 */
const TIMEOUT = 120_000;
const DAY = 86_400_000;

type Posting = { id: string; status: string; externalId: string | null; autoRenew: boolean };
type Job = { id: string; status: string };

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };
let vacancyId = '';
let first: Posting;

const api = (method: 'GET' | 'POST', url: string, body?: unknown) => t.request(org.token, method, url, body);
const jobs = async () => (await sandbox<{ jobs: Job[] }>(t, '/s1jobs/_inspect/jobs')).jobs;

async function posted(id: string): Promise<Posting> {
  const end = Date.now() + 30_000;
  for (;;) {
    const posting = (await api('GET', `/api/v1/postings/${id}`)).body as Posting;
    if (posting.status === 'posted') return posting;
    if (Date.now() > end || ['failed', 'uncertain'].includes(posting.status))
      throw new Error(`posting ${id}: ${JSON.stringify(posting).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Renfrew Care');
  const s1 = await connectSandbox(t, org.token, 's1jobs');
  vacancyId = (await liveVacancy(t, org.token, { reference: 'RENEW-WEB', closingDate: inDays(40) })).id;
  const a = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: s1,
    fields: { coreSkill: 'Medical / Dental / Health Care', specialisms: ['Nursing'] },
  });
  first = await posted((a.body as Posting).id);
  // Seeded 25 days into its life: s1jobs ends it in 3 days, while the vacancy is open for 40.
  await t.database.db
    .update(postings)
    .set({ postedAt: new Date(Date.now() - 25 * DAY) })
    .where(eq(postings.id, first.id));

  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('a recruiter keeping an s1jobs advert live until the vacancy closes', () => {
  it(
    'sees the advert expiring on the dashboard and follows the count to the vacancy list',
    async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
      await page.getByRole('heading', { level: 1, name: "What's live where" }).waitFor();
      const row = page.getByRole('row', { name: /s1jobs \(sandbox\)/ });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        '1 live on s1jobs (sandbox)',
        '1 expiring within 7 days on s1jobs (sandbox)',
        '0',
        '0',
        '0',
      ]);
      await expectAccessible(page, 'the dashboard');

      await row.getByRole('link', { name: /expiring within 7 days on s1jobs/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Vacancies' }).waitFor();
      expect(new URL(page.url()).searchParams.get('expiring')).toBe('true');
      expect(new URL(page.url()).searchParams.get('board')).toBe('s1jobs');
      expect(await page.getByLabel('Expiring within 7 days').isChecked()).toBe(true);
      await page.getByRole('link', { name: 'Staff Nurse' }).first().waitFor();
      expect(await page.getByRole('row').filter({ hasText: 'RENEW-WEB' }).count()).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'sees where to connect a board on the dashboard before any connection is made',
    async () => {
      const fresh = await t.organisation('Newton Care');
      const other = await (await browser.newContext()).newPage();
      await signIn(other, t, fresh.adminEmail);
      await other.goto(`${t.baseUrl}/app/dashboard`);
      await other.getByRole('heading', { level: 2, name: 'No board connections yet' }).waitFor();
      await other.getByRole('link', { name: 'Admin › Board connections' }).click();
      await other.waitForURL(`${t.baseUrl}/app/admin/connections`);
      await other.close();
    },
    TIMEOUT,
  );

  it(
    'is warned on the vacancy and the posting, renews the advert, and sees the new posting Posted',
    async () => {
      await page.goto(`${t.baseUrl}/app/vacancies/${vacancyId}`);
      const warning = page.getByTestId('renewal-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toMatch(
        /^The s1jobs advert ends on \d+ \w+; the vacancy closes on \d+ \w+\.$/,
      );
      await page.getByRole('link', { name: 'Renew it on the posting page' }).click();

      await page.getByRole('heading', { level: 2, name: 'Renewal' }).waitFor();
      await expectAccessible(page, 'a posting whose advert ends soon');
      await page.getByLabel('Renew automatically until the vacancy closes').check();
      await expect
        .poll(async () => ((await api('GET', `/api/v1/postings/${first.id}`)).body as Posting).autoRenew)
        .toBe(true);

      await page.getByRole('button', { name: 'Renew', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Renew the s1jobs advert?' });
      await dialog.getByText('Postroom closes this advert on s1jobs and posts the vacancy again').waitFor();
      await dialog.getByRole('button', { name: 'Renew' }).click();

      // The new posting opens, says what happened, and is Posted once s1jobs accepts it.
      await page.waitForURL(
        (url) => url.pathname.startsWith('/app/postings/') && !url.pathname.endsWith(first.id),
      );
      await page.getByText('Renewed: the old s1jobs advert is being closed and this one posted.').waitFor();
      await expect
        .poll(() => page.locator('.status-line [data-state]').getAttribute('data-state'), { timeout: 20_000 })
        .toBe('posted');
      const renewedId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const renewed = await posted(renewedId);
      expect(renewed.autoRenew).toBe(true);
      expect(await page.getByTestId('renewal-warning').count()).toBe(0);

      await expect
        .poll(async () => (await jobs()).find((j) => j.id === first.externalId)?.status, { timeout: 20_000 })
        .toBe('closed');
      expect((await jobs()).find((j) => j.id === renewed.externalId)?.status).toBe('live');
    },
    TIMEOUT,
  );
});
