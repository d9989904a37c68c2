import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.js';
import {
  connectSandbox,
  expectAccessible,
  inDays,
  launchBrowser,
  sandbox,
  signIn,
  type TestBrowser,
} from '../support/browser.js';

/**
 * The rough edges a recruiter met in their first hour (issue 21), each as the recruiter meets it,
 * in Debian's Chromium against the real server, queue, worker and sandbox boards.
 */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { id: string; slug: string; token: string; adminEmail: string };
let vacancyId = '';
let reference = '';
const title = 'Healthcare Support Worker, Ward 3';

const app = (path = '/') => `${t.baseUrl}/app${path}`;
const panel = (name: string) => page.getByRole('region', { name });
const isFocused = (locator: ReturnType<Page['locator']>) =>
  locator.evaluate((element) => element === element.ownerDocument.activeElement);

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Lochside Health Board');
  const settings = await t.request(org.token, 'PATCH', '/api/v1/organisation', {
    about:
      'Lochside Health Board runs a district hospital and twelve community clinics, and employs 2,500 people who care for the towns around the loch.',
    locations: [
      { name: 'Lochside Hospital', line1: '1 Shore Road', town: 'Dumbarton', postcode: 'G82 1AA' },
      {
        name: 'Harbour Clinic',
        line1: '7 Quay Street',
        line2: 'Unit 2',
        town: 'Helensburgh',
        postcode: 'G84 7AB',
      },
    ],
  });
  expect(settings.status).toBe(200);
  await connectSandbox(t, org.token, 'nhs-jobs');
  await connectSandbox(t, org.token, 's1jobs');

  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe("a recruiter's first hour, without the rough edges", () => {
  it(
    'fills the address from a saved location, and publishing a new vacancy shows it Live with "Post to boards" at once',
    async () => {
      await page.getByRole('link', { name: 'New vacancy' }).click();
      await page.getByRole('heading', { level: 1, name: 'New vacancy' }).waitFor();
      // Marks this document: a reload would lose it.
      await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
      await page.getByLabel('Job title').fill(title);
      await page
        .getByLabel('Saved location')
        .selectOption({ label: 'Harbour Clinic — 7 Quay Street, Helensburgh G84 7AB' });
      expect(await page.getByLabel('Address line 1').inputValue()).toBe('7 Quay Street');
      expect(await page.getByLabel('Address line 2 (optional)').inputValue()).toBe('Unit 2');
      expect(await page.getByLabel('Town or city').inputValue()).toBe('Helensburgh');
      expect(await page.getByLabel('Postcode').inputValue()).toBe('G84 7AB');
      await page
        .getByLabel('Saved location')
        .selectOption({ label: 'Lochside Hospital — 1 Shore Road, Dumbarton G82 1AA' });
      expect(await page.getByLabel('Address line 1').inputValue()).toBe('1 Shore Road');
      expect(await page.getByLabel('Address line 2 (optional)').inputValue()).toBe('');
      expect(await page.getByLabel('Postcode').inputValue()).toBe('G82 1AA');
      await expectAccessible(page, 'the vacancy editor with saved locations');

      await page.getByLabel('From (£) (optional)').fill('24071');
      await page.getByLabel('To (£) (optional)').fill('25674');
      await page.getByLabel('Summary (optional)').fill('Join a ward that looks after its people.');
      await page.getByRole('textbox', { name: 'Advert text' }).click();
      // The advert opens with its own heading, as many do.
      await page.getByRole('button', { name: 'Heading', exact: true }).click();
      await page.keyboard.type('About the role');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Help nurses give personal care to adults on a busy medical ward.');
      await page.getByLabel('Closing date').fill(inDays(30));

      // Published without saving first: the page shows what the server now has.
      await page.getByRole('button', { name: 'Publish on careers site' }).click();
      await page.getByText('Published on your careers site').waitFor();
      await page.locator('.page-head [data-state="live"]').waitFor();
      await page.getByRole('link', { name: 'Post to boards' }).waitFor();
      expect(await page.locator('.page-head [data-state="draft"]').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
      vacancyId = page.url().split('/').at(-1)!;
      expect(vacancyId).toMatch(/^[0-9a-f-]{36}$/);
      const saved = await t.request(org.token, 'GET', `/api/v1/vacancies/${vacancyId}`);
      expect(saved.body).toMatchObject({
        status: 'live',
        location: { line1: '1 Shore Road', postcode: 'G82 1AA' },
      });
      reference = (saved.body as { reference: string }).reference;
      await expectAccessible(page, 'a vacancy just published');
    },
    TIMEOUT,
  );

  it(
    'opens the live vacancy on the careers site from the vacancy and from the navigation; the advert reads well at 320 px',
    async () => {
      await page.getByRole('link', { name: 'View on careers site' }).click();
      await page.waitForURL(`${t.baseUrl}/careers/${org.slug}/${reference}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      // The advert's own first heading is not under an empty "About the job".
      const headings = await page.locator('article h2').allTextContents();
      expect(headings[0]).toBe('About the role');
      expect(headings).not.toContain('About the job');
      await expectAccessible(page, 'the advert on the careers site');

      await page.setViewportSize({ width: 320, height: 800 });
      const salary = page.locator('dl.facts dd').first();
      expect(await salary.textContent()).toContain('£24,071 to £25,674 a year');
      const lines = await salary.evaluate((dd) => {
        const style = dd.ownerDocument.defaultView!.getComputedStyle(dd);
        return dd.getBoundingClientRect().height / Number.parseFloat(style.lineHeight);
      });
      expect(lines, 'lines the salary takes at 320 px').toBeLessThan(2.5);
      await page.setViewportSize({ width: 1200, height: 900 });

      await page.goto(app('/'));
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Careers site' })
        .click();
      await page.waitForURL(`${t.baseUrl}/careers/${org.slug}`);
      await page.getByRole('link', { name: title }).waitFor();
    },
    TIMEOUT,
  );

  it(
    'shows per board how candidates will see the advert, with the JSON behind a disclosure',
    async () => {
      await page.goto(app(`/vacancies/${vacancyId}/post`));
      await page.getByRole('checkbox', { name: 'NHS Jobs (sandbox)' }).check();
      await page.getByRole('checkbox', { name: 's1jobs (sandbox)' }).check();
      for (const [name, board] of [
        ['NHS Jobs (sandbox)', 'NHS Jobs'],
        ['s1jobs (sandbox)', 's1jobs'],
      ] as const) {
        const preview = panel(name).getByRole('region', { name: `How candidates will see it on ${board}` });
        await preview.getByRole('heading', { name: title }).waitFor();
        expect(await preview.textContent()).toMatch(/Salary£24,071 to £25,674 (per year|yearly)/);
        expect(await preview.textContent()).toContain('Help nurses give personal care');
        const apply = preview.getByRole('link', { name: /\/apply\?src=preview$/ });
        expect(await apply.getAttribute('href')).toBe(
          `http://localhost:3000/careers/${org.slug}/${reference}/apply?src=preview`,
        );
        expect(await preview.textContent()).toContain("becomes this posting's own tracking link");
        expect(await panel(name).locator('details.sent').getAttribute('open')).toBeNull();
      }
      // The preview follows the form as it is typed.
      const s1 = panel('s1jobs (sandbox)');
      await s1.getByLabel('Salary text (optional)').fill('Band 3, with weekend enhancements');
      await expect
        .poll(() => s1.locator('.advert-facts').textContent())
        .toContain('SalaryBand 3, with weekend enhancements');
      await expectAccessible(page, 'the posting form with the advert previews');
    },
    TIMEOUT,
  );

  it(
    'puts every field to fix in a focused summary at the top, each link moving to its field, and nothing is sent',
    async () => {
      await page.getByRole('button', { name: 'Post to 2 boards' }).click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      await expect.poll(() => isFocused(summary)).toBe(true);
      expect(await page.title()).toMatch(/^Error: /);
      await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await summary.getByRole('heading', { name: 'NHS Jobs (sandbox)' }).waitFor();
      await summary.getByRole('heading', { name: 's1jobs (sandbox)' }).waitFor();
      await expectAccessible(page, 'the posting form with its error summary');

      // In the form's order, each naming its field where the board's message does not.
      const nhsLinks = await summary
        .locator('div', { has: page.getByRole('heading', { name: 'NHS Jobs (sandbox)' }) })
        .getByRole('link')
        .allTextContents();
      const staffGroup = nhsLinks.indexOf('Staff group: Please fill the required fields');
      expect(staffGroup, nhsLinks.join('\n')).toBeGreaterThanOrEqual(0);
      expect(staffGroup).toBeLessThan(nhsLinks.findIndex((text) => text.includes('Job overview')));
      const nhs = panel('NHS Jobs (sandbox)');
      const overviewError = 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.';
      await summary.getByRole('link', { name: overviewError }).click();
      await expect.poll(() => isFocused(nhs.getByLabel('Job overview'))).toBe(true);
      const s1 = panel('s1jobs (sandbox)');
      const coreSkillLink = summary.locator('a[href*="coreSkill"]');
      await coreSkillLink.click();
      await expect.poll(() => isFocused(s1.getByLabel('Core skill'))).toBe(true);
      expect((await sandbox<{ drafts: unknown[] }>(t, '/nhs-jobs/_inspect/drafts')).drafts).toHaveLength(0);
      expect((await sandbox<{ jobs: unknown[] }>(t, '/s1jobs/_inspect/jobs')).jobs).toHaveLength(0);

      // Fixing a board's fields takes it out of the summary; fixing all takes the summary away.
      await s1.getByLabel('Core skill').selectOption('Medical / Dental / Health Care');
      await summary.getByRole('heading', { name: 's1jobs (sandbox)' }).waitFor({ state: 'detached' });
      await nhs.getByLabel('Staff group').selectOption('ALLIED_HEALTH_PROFESSIONALS');
      await nhs.getByLabel('Pay scheme').selectOption('AGENDA_FOR_CHANGE');
      await nhs.getByLabel('Band', { exact: true }).selectOption('BAND_3');
      await nhs
        .getByLabel('Job overview')
        .fill(
          'Join our medical ward as a healthcare support worker: a friendly team, good training and a rota that respects your life.',
        );
      await nhs
        .getByLabel('Main duties of the job')
        .fill(
          'Help patients wash, dress and eat; take observations and record them; support nurses with admissions and discharges.',
        );
      await nhs.getByLabel('Contact email').fill('ward3@lochside.example');
      await summary.waitFor({ state: 'detached', timeout: 15_000 });
      await expect.poll(() => page.title()).not.toMatch(/^Error/);

      await page.getByRole('button', { name: 'Post to 2 boards' }).click();
      await expect
        .poll(() => page.locator('.sent-list [data-state="posted"]').count(), { timeout: 30_000 })
        .toBe(2);
    },
    TIMEOUT,
  );

  it(
    'closes a posting, and the banner follows it from closing to closed',
    async () => {
      await page
        .locator('.sent-list li', { hasText: 's1jobs' })
        .getByRole('link', { name: 'Details' })
        .click();
      await page.locator('output.status-line [data-state="posted"]').waitFor();
      await page.getByRole('button', { name: 'Close posting' }).click();
      await page
        .getByRole('dialog', { name: 'Close this posting?' })
        .getByRole('button', { name: 'Close posting' })
        .click();
      await page.locator('output.status-line [data-state="closed"]').waitFor({ timeout: 30_000 });
      await page.getByText('Closed: the advert is off the board.').waitFor();
      expect(await page.getByText('Closing the advert on the board.').count()).toBe(0);
      const { jobs } = await sandbox<{ jobs: { status: string }[] }>(t, '/s1jobs/_inspect/jobs');
      expect(jobs[0]?.status).toBe('closed');
      await expectAccessible(page, 'a posting just closed');
    },
    TIMEOUT,
  );

  it(
    'copies a vacancy: says so, lands on the copy, and marks it as a copy until it is renamed',
    async () => {
      await page.goto(app(`/vacancies/${vacancyId}`));
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByRole('button', { name: 'Copy' }).click();
      await page.waitForURL(
        (url) => /\/app\/vacancies\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(vacancyId),
      );
      const copyId = page.url().split('/').at(-1)!;
      await page.getByText(`This is a new draft copied from ${reference}`).waitFor();
      const marker = page.locator('.page-head').getByText(`Copy of ${reference}`);
      await marker.waitFor();
      await page.locator('.page-head [data-state="draft"]').waitFor();
      await page.getByText('The same title as the vacancy it was copied from: rename it.').waitFor();
      await expectAccessible(page, 'a copy not yet renamed');
      const copy = await t.request(org.token, 'GET', `/api/v1/vacancies/${copyId}`);
      expect(copy.body).toMatchObject({ status: 'draft', title });

      await page.getByLabel('Job title').fill('Healthcare Support Worker, Ward 4');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { level: 1, name: 'Healthcare Support Worker, Ward 4' }).waitFor();
      await marker.waitFor({ state: 'detached' });
      // Still unmarked after a reload: the mark comes from what the server has.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Healthcare Support Worker, Ward 4' }).waitFor();
      await page.getByLabel('Job title').waitFor();
      expect(await page.locator('.copy-marker').count()).toBe(0);
    },
    TIMEOUT,
  );

  it('ran without a script error', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
