import type { BrowserContext, Page } from 'playwright-core';
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
 * The NHS Jobs hand-off in Debian's Chromium, against the real server, worker and the NHS Jobs
 * sandbox: post a draft, publish it on the sandbox's employer page by clicking, see it published in
 * Postroom without a reload, then close it honestly.
 */
const TIMEOUT = 120_000;
const ABOUT =
  'Riverside Health Board runs two hospitals and twenty community clinics, and employs 4,000 people who care for the city.';

let t: TestContext;
let browser: TestBrowser;
let context: BrowserContext;
let page: Page;
let org: { token: string; adminEmail: string };
let connectionId = '';
let vacancyId = '';
let postingUrl = '';

const app = (path = '/') => `${t.baseUrl}/app${path}`;
const statusText = () => page.getByTestId('status-text').textContent();
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(org.token, method, url, body);
const live = async (title: string, reference: string) =>
  (await liveVacancy(t, org.token, { title, reference, closingDate: inDays(30) })).id;

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Riverside Health Board');
  expect((await api('PATCH', '/api/v1/organisation', { about: ABOUT })).status).toBe(200);
  connectionId = await connectSandbox(t, org.token, 'nhs-jobs');
  vacancyId = await live('Staff Nurse, Ward 7', 'RHB-W7');

  browser = await launchBrowser({ webApp: true });
  context = await browser.newContext();
  page = await context.newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('the NHS Jobs hand-off in the web app', () => {
  it(
    "prompts for the minimum while typing, posts, and shows the seed's 'Job Successfully Posted' then what to do",
    async () => {
      await page.goto(app(`/vacancies/${vacancyId}/post`));
      await page.getByRole('checkbox', { name: 'NHS Jobs (sandbox)' }).check();
      const nhs = page.getByRole('region', { name: 'NHS Jobs (sandbox)' });
      const overview = nhs.getByLabel('Job overview');
      await overview.fill('x'.repeat(63));
      await nhs.getByText('63 of 1,000 characters: add at least 37 more characters').waitFor();
      await overview.fill(ABOUT);
      await nhs
        .getByText(/^1\d\d of 1,000 characters$/)
        .first()
        .waitFor();
      await nhs.getByLabel('Main duties of the job').fill(ABOUT);
      await nhs.getByLabel('Staff group').selectOption('NURSING_AND_MIDWIFERY_REGISTERED');
      await nhs.getByLabel('Pay scheme').selectOption('AGENDA_FOR_CHANGE');
      await nhs.getByLabel('Band', { exact: true }).selectOption('BAND_5');
      await nhs.getByLabel('Contact email').fill('ward7@riverside.example');
      await expect
        .poll(() => nhs.locator('output.panel-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Ready to send/);

      await page.getByRole('button', { name: 'Post to 1 board' }).click();
      const sent = page.locator('.sent-list li', { hasText: 'NHS Jobs' });
      await sent.getByText('Job Successfully Posted. Draft created — publish it in NHS Jobs').waitFor({
        timeout: 30_000,
      });

      await sent.getByRole('link', { name: 'Details' }).click();
      await page.getByRole('heading', { name: 'Every call to the board' }).waitFor();
      postingUrl = page.url();
      expect(await statusText()).toBe('Job Successfully Posted. Draft created — publish it in NHS Jobs');
      await page.locator('.status-line').getByText('Draft in NHS Jobs').waitFor();
      await page.locator('.timeline').getByText('Job Successfully Posted', { exact: true }).waitFor();

      await page.goto(app('/'));
      await page.getByRole('link', { name: 'NHS Jobs (sandbox): Draft in NHS Jobs' }).waitFor();
    },
    TIMEOUT,
  );

  it(
    "publishes on the sandbox's employer page by clicking, and the posting shows it without a reload",
    async () => {
      await page.goto(postingUrl);
      await page.getByText('Draft — not published yet').waitFor();
      // A reload would lose this mark.
      await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

      const [employer] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('link', { name: /Publish the draft in NHS Jobs/ }).click(),
      ]);
      await employer.getByRole('heading', { level: 1, name: 'Vacancies of DEMO-ORG' }).waitFor();
      const draft = employer.locator('li[aria-current="true"]');
      expect(await draft.getByRole('heading').textContent()).toBe('Staff Nurse, Ward 7');
      await expectAccessible(employer, "the sandbox's employer page");
      await draft.getByRole('button', { name: 'Publish' }).click();
      await employer.locator('li[aria-current="true"]').getByText('Published: live on NHS Jobs').waitFor();
      await employer.close();

      await page.getByRole('button', { name: 'Check NHS Jobs now' }).click();
      await page.getByText(/^Published in NHS Jobs on /).waitFor({ timeout: 30_000 });
      expect(await statusText()).toBe('Published in NHS Jobs');
      expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
      await page.locator('.status-line').getByText('Live on NHS Jobs').waitFor();
      // Published: no Update, and the seed's advice with both ways forward.
      expect(await page.getByRole('button', { name: 'Update' }).count()).toBe(0);
      await page
        .getByText(
          'This vacancy is already published in NHS Jobs; edit it there, or copy the vacancy and post the copy.',
        )
        .waitFor();
      expect(await page.getByRole('link', { name: /Edit it in NHS Jobs/ }).getAttribute('href')).toContain(
        '/sandbox/nhs-jobs/employer/drafts/',
      );
      await expectAccessible(page, 'a published NHS Jobs posting');

      await page.getByRole('button', { name: 'Copy the vacancy and post the copy' }).click();
      await page.waitForURL((url) => /\/app\/vacancies\/[0-9a-f-]{36}$/.test(url.pathname));
      expect(page.url()).not.toContain(vacancyId);

      await page.goto(app('/'));
      await page.getByRole('link', { name: 'NHS Jobs (sandbox): Live on NHS Jobs' }).waitFor();
    },
    TIMEOUT,
  );

  it(
    'closes the published posting saying once, and truly, that NHS Jobs still shows the advert',
    async () => {
      await page.goto(postingUrl);
      await page.getByRole('button', { name: 'Close posting' }).click();
      const dialog = page.getByRole('dialog');
      const said = await dialog.textContent();
      expect(said).toContain('this closes the posting in Postroom only');
      expect(said).toContain('The advert stays live on NHS Jobs until you close it there.');
      expect(said).not.toContain('will be closed');
      await expectAccessible(page, 'the NHS Jobs close dialog');
      await dialog.getByRole('button', { name: 'Close posting' }).click();

      await expect
        .poll(statusText, { timeout: 30_000 })
        .toBe('Closed in Postroom; still live on NHS Jobs until you close it there');
      const closeThere = page.getByRole('link', { name: /Close the advert in NHS Jobs/ });
      expect(await closeThere.getAttribute('href')).toContain('/sandbox/nhs-jobs/employer/drafts/');

      // The recruiter closes it in NHS Jobs too, and Postroom says so when asked.
      const [employer] = await Promise.all([context.waitForEvent('page'), closeThere.click()]);
      await employer.locator('li[aria-current="true"]').getByRole('button', { name: 'Close advert' }).click();
      await employer.locator('li[aria-current="true"]').getByText('Closed', { exact: true }).waitFor();
      await employer.close();
      await page.getByRole('button', { name: 'Check NHS Jobs now' }).click();
      await expect.poll(statusText, { timeout: 30_000 }).toBe('Closed in Postroom and in NHS Jobs');
      expect(await closeThere.count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "shows a draft published meanwhile as published as soon as NHS Jobs refuses the update, with the seed's advice",
    async () => {
      const id = await live('Healthcare Assistant, Ward 9', 'RHB-W9');
      const posted = await api('POST', `/api/v1/vacancies/${id}/postings`, {
        connectionId,
        fields: {
          jobOverview: ABOUT,
          mainDuties: ABOUT,
          staffGroup: 'ADDITIONAL_CLINICAL_SERVICES',
          payScheme: 'AGENDA_FOR_CHANGE',
          payBand: 'BAND_3',
          contactEmail: 'ward9@riverside.example',
        },
      });
      expect(posted.status).toBe(202);
      const postingId = (posted.body as { id: string }).id;
      await page.goto(app(`/postings/${postingId}`));
      await expect.poll(statusText, { timeout: 30_000 }).toContain('Job Successfully Posted');
      // The employer publishes it in NHS Jobs; Postroom has not looked since.
      const draft = new URL(
        (await page.getByRole('link', { name: /Publish the draft/ }).getAttribute('href'))!,
      );
      const publish = await fetch(`${draft.origin}${draft.pathname}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      expect(publish.status).toBe(303);

      await page.getByRole('button', { name: 'Update' }).click();
      await page.getByLabel('Job title', { exact: true }).fill('Senior Healthcare Assistant, Ward 9');
      await page.getByRole('button', { name: 'Send update' }).click();
      await expect.poll(statusText, { timeout: 30_000 }).toBe('Published in NHS Jobs');
      await page.getByTestId('published-advice').waitFor();
      expect(await page.getByRole('button', { name: 'Update' }).count()).toBe(0);
      expect(await page.getByText('Update sent to the board.').count()).toBe(0);
      expect(browser.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
