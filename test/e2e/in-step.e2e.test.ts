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
 * Keeping postings in step, as a recruiter does it in Debian's Chromium against the real server,
 * queue, worker and sandbox boards: edit a posted vacancy, see which postings are out of date and
 * how, then "Save and update 2 boards".
 */
const TIMEOUT = 120_000;
const ABOUT =
  'Riverside Health Board runs two hospitals and twenty community clinics, and employs 4,000 people who care for the city and its valleys.';

type Posting = { id: string; status: string; externalId: string | null };

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };
let vacancyId = '';
let onS1: Posting;
let onNhs: Posting;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.request(org.token, method, url, body);
const s1Title = async () =>
  (
    await sandbox<{ jobs: { id: string; fields: Record<string, unknown> }[] }>(t, '/s1jobs/_inspect/jobs')
  ).jobs.find((j) => j.id === onS1.externalId)?.fields.title;
const nhsDraft = async () =>
  (
    await sandbox<{ drafts: { id: string; body: Record<string, unknown> }[] }>(t, '/nhs-jobs/_inspect/drafts')
  ).drafts.find((d) => d.id === onNhs.externalId)?.body;

/** Waits (polling the API) until the worker has the posting posted. */
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
  org = await t.organisation('Riverside Health Board');
  await api('PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@riverside.example' });
  const s1 = await connectSandbox(t, org.token, 's1jobs');
  const nhs = await connectSandbox(t, org.token, 'nhs-jobs');
  vacancyId = (
    await liveVacancy(t, org.token, {
      reference: 'STEP-WEB',
      closingDate: inDays(20),
      summary: `${ABOUT} A ward.`,
      category: 'Nursing',
    })
  ).id;
  const a = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: s1,
  });
  const b = await api('POST', `/api/v1/vacancies/${vacancyId}/postings`, {
    connectionId: nhs,
    fields: {
      mainDuties: ABOUT,
      staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
      payScheme: 'AGENDA_FOR_CHANGE',
      payBand: 'BAND_5',
    },
  });
  onS1 = await posted((a.body as Posting).id);
  onNhs = await posted((b.body as Posting).id);

  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('a recruiter keeping the boards in step', () => {
  it(
    'edits a posted vacancy, sees both postings out of date, and brings them back with "Save and update 2 boards", then sees when the s1jobs advert ends',
    async () => {
      await page.goto(`${t.baseUrl}/app/vacancies/${vacancyId}`);
      await page.getByLabel('Job title').fill('Senior Staff Nurse');
      await page.getByRole('button', { name: 'Save changes' }).click();

      // Saved alone, the change is on no board yet: the page says where and what.
      const stale = page.getByRole('region', { name: '2 postings are out of date' });
      await stale.waitFor();
      await expect
        .poll(() => stale.getByRole('heading', { level: 3 }).allTextContents())
        .toEqual(expect.arrayContaining(['s1jobs', 'NHS Jobs']));
      expect(await stale.getByText('Senior Staff Nurse').count()).toBe(2);
      await expectAccessible(page, 'the vacancy page with out-of-date postings');

      const closing = inDays(27);
      await page.getByLabel('Closing date').fill(closing);
      await page.getByRole('button', { name: 'Save and update 2 boards' }).click();
      await page.getByText('Saved. Sending the changes to 2 boards.').waitFor();

      // Both postings go through their boards' update and are Posted again, with the new values.
      await expect.poll(s1Title, { timeout: 20_000 }).toBe('Senior Staff Nurse');
      await expect.poll(nhsDraft, { timeout: 20_000 }).toMatchObject({
        jobTitle: 'Senior Staff Nurse',
        closingDate: closing,
      });
      const strip = page.getByRole('region', { name: 'Postings', exact: true });
      await expect
        .poll(
          () =>
            strip
              .locator('[data-state]')
              .evaluateAll((chips) => chips.map((c) => c.getAttribute('data-state'))),
          {
            timeout: 20_000,
          },
        )
        .toEqual(['posted', 'posted']);
      await page.reload();
      await page.getByRole('region', { name: 'Postings', exact: true }).waitFor();
      expect(await page.getByRole('region', { name: /out of date/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save and update 2 boards' }).count()).toBe(1);

      // The s1jobs posting says when its advert ends there: the day after the new closing date, which
      // is also as long as s1jobs keeps an advert.
      await page.goto(`${t.baseUrl}/app/postings/${onS1.id}`);
      await expect
        .poll(() => page.getByTestId('advert-end').textContent())
        .toBe(`Ends on s1jobs on ${inDays(28)}: s1jobs keeps an advert 28 days at most`);
    },
    TIMEOUT,
  );
});
