import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Reed and StepStone from the web app's "Post to boards" page, in Debian's Chromium against the
 * real server, queue, worker and the two boards' sandboxes.
 */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };
let vacancy: { id: string; reference: string };
const panel = (name: string) => page.getByRole('region', { name });

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Harbour Care Homes');
  await connectSandbox(t, org.token, 'reed');
  await connectSandbox(t, org.token, 'stepstone');
  vacancy = await liveVacancy(t, org.token, {
    reference: 'HCH-CHEF-1',
    title: 'Head Chef',
    closingDate: inDays(25),
    category: 'Nursing',
    description:
      '<p>Cook fresh, seasonal meals for forty residents and lead a small kitchen team in a friendly care home by the harbour.</p><p>You plan menus with residents and their families, and keep our food safety standards high.</p>',
    personSpecification: {
      essential: { qualifications: ['Food hygiene level 3'], experience: ['Leading a kitchen'], skills: [] },
      desirable: { qualifications: [], experience: [], skills: [] },
    },
  });
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('posting to Reed and StepStone from the web app', () => {
  it(
    'posts one vacancy to both boards at once, each arriving at its board',
    async () => {
      await page.goto(`${t.baseUrl}/app/vacancies/${vacancy.id}`);
      await page.getByRole('link', { name: 'Post to boards' }).click();
      await page.getByRole('heading', { level: 1, name: 'Post to boards' }).waitFor();
      await page.getByRole('checkbox', { name: 'Reed (sandbox)' }).check();
      await page.getByRole('checkbox', { name: 'StepStone (sandbox)' }).check();
      for (const name of ['Reed (sandbox)', 'StepStone (sandbox)'])
        await expect
          .poll(() => panel(name).locator('output.panel-status').textContent(), { timeout: 15_000 })
          .toMatch(/^Ready to send/);
      await expectAccessible(page, 'the posting form for Reed and StepStone');
      // Each panel says what the board charges.
      await expect
        .poll(() => panel('StepStone (sandbox)').locator('.board-cost').textContent())
        .toMatch(/^Each new listing spends one credit/);
      await expect
        .poll(() => panel('Reed (sandbox)').locator('.board-cost').textContent())
        .toMatch(/Reed credit/);

      await page.getByRole('button', { name: 'Post to 2 boards' }).click();
      await expect
        .poll(() => page.locator('.sent-list [data-state="posted"]').count(), { timeout: 30_000 })
        .toBe(2);

      const reed = await sandbox<{ jobs: { ownerRef: string | null; createCount: number }[] }>(
        t,
        '/reed/_inspect/jobs',
      );
      expect(reed.jobs.filter((j) => j.ownerRef === vacancy.reference)).toMatchObject([{ createCount: 1 }]);
      const stepstone = await sandbox<{ listings: { reference: string; state: string }[] }>(
        t,
        '/stepstone/_inspect/listings',
      );
      expect(stepstone.listings.filter((l) => l.reference === vacancy.reference)).toMatchObject([
        { state: 'online' },
      ]);
    },
    TIMEOUT,
  );

  it(
    "the update form locks StepStone's categories and warns of Reed's credit before sending",
    async () => {
      const list = await t.request(org.token, 'GET', `/api/v1/vacancies/${vacancy.id}/postings`);
      const postings = (list.body as { items: { id: string; board: string }[] }).items;
      const open = async (board: string) => {
        const id = postings.find((p) => p.board === board)?.id;
        await page.goto(`${t.baseUrl}/app/postings/${id}`);
        await page.getByRole('button', { name: 'Update', exact: true }).click();
        await page.getByRole('heading', { name: 'Update the posting' }).waitFor();
      };

      await open('stepstone');
      const hours = page.getByLabel('Hours', { exact: false }).first();
      await expect.poll(() => hours.isDisabled(), { timeout: 15_000 }).toBe(true);
      await expect
        .poll(() => page.getByText(/^Locked: the board keeps the value/).count())
        .toBeGreaterThan(0);
      expect(await page.getByLabel('Job title', { exact: false }).first().isDisabled()).toBe(false);

      await open('reed');
      await page.getByLabel('Advert type', { exact: false }).first().selectOption('premium');
      await expect
        .poll(() => page.getByText('Reed charges a credit to change the advert type').count(), {
          timeout: 15_000,
        })
        .toBe(1);
      await expectAccessible(page, "Reed's update form with a credit warning");
    },
    TIMEOUT,
  );
});
