import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUkTime, toUkWallTime } from '../../src/domain/uk-time.js';
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
 * Templates and scheduling in the web app, in Debian's Chromium against the real server, queue,
 * worker and s1jobs sandbox: save a posted vacancy as a template, start a new vacancy from it,
 * schedule its posting, see it scheduled, give it a new time, then cancel it.
 */
const TIMEOUT = 120_000;
const ABOUT =
  'Riverside Health Board runs two hospitals and twenty community clinics, and employs 4,000 people who care for the city and its valleys.';
const BOARD_TITLE = 'Staff Nurse – Ward 7 (nights)';

type Posting = { id: string; status: string; scheduledAt: string | null };

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };
let source: { id: string; reference: string; title: string };
/** The reference of the vacancy started from the template. */
let reference: string | undefined;

const hoursFromNow = (hours: number) => {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCSeconds(0, 0);
  return at;
};
const focusedName = () =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as {
          document: { activeElement: { getAttribute(name: string): string | null } | null };
        }
      ).document.activeElement?.getAttribute('name') ?? null,
  );

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Riverside Health Board');
  await t.request(org.token, 'PATCH', '/api/v1/organisation', { about: ABOUT });
  const s1 = await connectSandbox(t, org.token, 's1jobs');
  source = await liveVacancy(t, org.token, {
    reference: 'WARD-7',
    title: 'Staff Nurse, Ward 7',
    closingDate: inDays(20),
    summary: `${ABOUT} A ward.`,
    category: 'Nursing',
  });
  // The recruiter gave s1jobs its own title: the template keeps it for that board.
  const posted = await t.request(org.token, 'POST', `/api/v1/vacancies/${source.id}/postings`, {
    connectionId: s1,
    fields: { title: BOARD_TITLE },
  });
  expect(posted.status).toBe(202);
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('templates and scheduling in the web app', () => {
  it(
    'saves a vacancy as a template and starts a new vacancy from it',
    async () => {
      await page.goto(`${t.baseUrl}/app/vacancies/${source.id}`);
      await page.getByRole('button', { name: 'Save as template' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save as template' });
      await dialog.getByLabel('Template name').fill('  ');
      await dialog.getByRole('button', { name: 'Save template' }).click();
      await dialog.getByText('Give the template a name').waitFor();
      await expectAccessible(page, 'the save-as-template dialog with an error');
      await dialog.getByLabel('Template name').fill('Ward nurse');
      await dialog.getByRole('button', { name: 'Save template' }).click();
      await page.getByText('Saved as the template “Ward nurse”.', { exact: false }).waitFor();
      expect(await dialog.isVisible()).toBe(false);

      await page.getByRole('link', { name: 'Vacancies' }).first().click();
      await page.getByRole('link', { name: 'Start from a template' }).click();
      await page.getByRole('heading', { name: 'Vacancy templates' }).waitFor();
      const row = page.getByRole('row', { name: /Ward nurse/ });
      expect(await row.textContent()).toContain('WARD-7');
      await expectAccessible(page, 'the templates list');
      await row.getByRole('button', { name: 'New vacancy from Ward nurse' }).click();

      // The new draft says where it came from, with its new reference, and the title takes focus.
      const note = page.getByText(
        'This is a new draft from the template “Ward nurse”, with the reference PR-',
        {
          exact: false,
        },
      );
      await note.waitFor();
      await page.getByText('From the template “Ward nurse”', { exact: true }).waitFor();
      await expect.poll(focusedName).toBe('title');
      reference = /reference (PR-[A-Z0-9]{6})/.exec((await note.textContent()) ?? '')?.[1];
      expect(reference).toBeDefined();
      expect(await page.locator('input[name="title"]').inputValue()).toBe('Staff Nurse, Ward 7');
    },
    TIMEOUT,
  );

  it(
    'schedules the new vacancy’s posting, shows it scheduled, moves it, then cancels it',
    async () => {
      await page.getByRole('button', { name: 'Publish on careers site' }).click();
      await page.getByRole('link', { name: 'Post to boards' }).click();
      await page.getByLabel('s1jobs (sandbox)').check();
      // The s1jobs form starts from the template's own title for s1jobs.
      const form = page.getByRole('region', { name: 's1jobs (sandbox)' });
      await expect
        .poll(() => form.getByLabel('Job title', { exact: false }).first().inputValue())
        .toBe(BOARD_TITLE);

      await page.getByLabel('Schedule for a date and time').check();
      await page.getByText('UK time (Europe/London)').waitFor();
      await page.getByLabel('Post at').fill(toUkWallTime(hoursFromNow(-2)));
      await page.getByRole('button', { name: 'Schedule for 1 board' }).click();
      await page.getByText('Choose a time in the future, or post now').waitFor();

      const first = hoursFromNow(2);
      await page.getByLabel('Post at').fill(toUkWallTime(first));
      await page.getByRole('button', { name: 'Schedule for 1 board' }).click();
      const sent = page.getByRole('region', { name: 'Sent' });
      await sent.getByText(`Scheduled for ${formatUkTime(first)} (UK time)`).waitFor();
      await expectAccessible(page, 'Post to boards with a scheduled posting');

      await sent.getByRole('link', { name: 'Details' }).click();
      const status = page.getByTestId('status-text');
      await status.getByText(`Scheduled for ${formatUkTime(first)} (UK time)`).waitFor();
      expect(await page.getByLabel('Post at').inputValue()).toBe(toUkWallTime(first));
      const postingId = page.url().split('/').pop()!;

      const later = hoursFromNow(5);
      await page.getByLabel('Post at').fill(toUkWallTime(later));
      await page.getByRole('button', { name: 'Change the time' }).click();
      await page.getByText(`It will now be posted on ${formatUkTime(later)} (UK time).`).waitFor();
      await status.getByText(`Scheduled for ${formatUkTime(later)} (UK time)`).waitFor();
      const moved = (await t.request(org.token, 'GET', `/api/v1/postings/${postingId}`)).body as Posting;
      expect(moved.scheduledAt).toBe(later.toISOString());
      await expectAccessible(page, 'a scheduled posting');

      // The vacancy's postings show it as scheduled, with its time.
      await page.locator('.breadcrumbs').getByRole('link', { name: 'Staff Nurse, Ward 7' }).click();
      const chips = page.getByRole('region', { name: 'Postings' });
      await chips.getByText(`s1jobs: Scheduled for ${formatUkTime(later)} (UK time)`).waitFor();
      await chips.getByRole('link').first().click();

      await page.getByRole('button', { name: 'Cancel scheduled posting' }).click();
      const confirm = page.getByRole('dialog', { name: 'Cancel this scheduled posting?' });
      await confirm.getByRole('button', { name: 'Cancel scheduled posting' }).click();
      await page.getByText('The scheduled posting was cancelled: nothing was sent to s1jobs.').waitFor();
      await status.getByText('Closed').waitFor();
      const cancelled = (await t.request(org.token, 'GET', `/api/v1/postings/${postingId}`)).body as Posting;
      expect(cancelled.status).toBe('closed');
      let jobs = await sandbox<{ jobs: { fields: Record<string, unknown> }[] }>(t, '/s1jobs/_inspect/jobs');
      // The template's source reached the board when it was posted; the cancelled one never did.
      const references = () => jobs.jobs.map((j) => j.fields.reference);
      await expect
        .poll(async () => {
          jobs = await sandbox(t, '/s1jobs/_inspect/jobs');
          return references();
        })
        .toContain('WARD-7');
      expect(references()).not.toContain(reference);
    },
    TIMEOUT,
  );

  it(
    'deletes a template after a confirmation, leaving the empty list',
    async () => {
      await page.goto(`${t.baseUrl}/app/templates`);
      await page.getByRole('button', { name: 'Delete Ward nurse' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete the template “Ward nurse”?' });
      await confirm.getByRole('button', { name: 'Delete template' }).click();
      await page.getByText('The template “Ward nurse” was deleted.').waitFor();
      await page.getByRole('heading', { name: 'No templates yet' }).waitFor();
      await expectAccessible(page, 'the empty templates list');
    },
    TIMEOUT,
  );
});
