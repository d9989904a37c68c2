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
 * Bulk work from the vacancy list, in Debian's Chromium against the real server, queue, worker and
 * sandbox boards: select three vacancies, post them to two boards (one refuses what is missing, item
 * by item), then close their postings after a confirmation.
 */
const TIMEOUT = 120_000;
const ABOUT =
  'Riverside Health Board runs two hospitals and twenty community clinics, and employs 4,000 people who care for the city and its valleys.';

type Summary = { id: string; vacancyId: string; status: string; externalId: string | null };

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };
const vacancies: { id: string; reference: string; title: string }[] = [];

const postingsOf = async (vacancyId: string) =>
  (
    (await t.request(org.token, 'GET', `/api/v1/postings?vacancyId=${vacancyId}`)).body as {
      items: Summary[];
    }
  ).items;

/** Waits (polling the API) until every posting of the vacancy is in one of `states`. */
async function settled(vacancyId: string, states: string[]): Promise<Summary[]> {
  const end = Date.now() + 30_000;
  for (;;) {
    const items = await postingsOf(vacancyId);
    if (items.length > 0 && items.every((p) => states.includes(p.status))) return items;
    if (Date.now() > end) throw new Error(`postings of ${vacancyId}: ${JSON.stringify(items)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Riverside Health Board');
  await t.request(org.token, 'PATCH', '/api/v1/organisation', { about: ABOUT });
  await connectSandbox(t, org.token, 's1jobs');
  await connectSandbox(t, org.token, 'nhs-jobs');
  for (const [reference, title] of [
    ['BULK-1', 'Staff Nurse, Ward 1'],
    ['BULK-2', 'Staff Nurse, Ward 2'],
    ['BULK-3', 'Staff Nurse, Ward 3'],
    ['BULK-4', 'Porter'],
  ] as const) {
    vacancies.push(
      await liveVacancy(t, org.token, {
        reference,
        title,
        closingDate: inDays(20),
        summary: `${ABOUT} A ward.`,
        category: 'Nursing',
      }),
    );
  }
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('bulk work from the vacancy list', () => {
  it(
    'posts three selected vacancies to two boards, showing each result, then closes their postings',
    async () => {
      await page.getByLabel('Select Staff Nurse, Ward 1 (BULK-1)').check();
      await page.getByLabel('Select Staff Nurse, Ward 2 (BULK-2)').check();
      await page.getByLabel('Select Staff Nurse, Ward 3 (BULK-3)').check();
      await page.getByText('3 selected').waitFor();
      await page.getByRole('button', { name: 'Post to…' }).click();
      const boards = page.getByRole('group', { name: 'Post the selected vacancies to' });
      await boards.getByLabel('s1jobs (sandbox)').check();
      await boards.getByLabel('NHS Jobs (sandbox)').check();
      await boards.getByRole('button', { name: 'Post 3 vacancies' }).click();

      // Each item answered on its own: s1jobs takes both; NHS Jobs needs fields only a person chooses.
      const results = page.getByRole('region', { name: 'Post to boards: results' });
      await results.waitFor();
      // The focus moves to the results, so a screen reader reads them next.
      const focused = () =>
        page.evaluate(
          () =>
            (
              globalThis as unknown as {
                document: { activeElement: { getAttribute(name: string): string | null } | null };
              }
            ).document.activeElement?.getAttribute('aria-labelledby') ?? null,
        );
      await expect.poll(focused).toBe('bulk-results-title');
      await results.getByText('3 done, 3 not done.').waitFor();
      const failures = (await results.getByRole('listitem').allTextContents()).sort();
      expect(failures).toHaveLength(3);
      for (const [i, failure] of failures.entries()) {
        expect(failure).toContain(`Staff Nurse, Ward ${i + 1} (BULK-${i + 1}) to NHS Jobs (sandbox)`);
        expect(failure).toContain('staffGroup');
      }
      await expectAccessible(page, 'the vacancy list with bulk results');

      // The three adverts reach the s1jobs sandbox; the fourth vacancy, not selected, was not posted.
      const jobs = async () =>
        (
          await sandbox<{ jobs: { id: string; fields: Record<string, unknown> }[] }>(
            t,
            '/s1jobs/_inspect/jobs',
          )
        ).jobs;
      for (const v of vacancies.slice(0, 3)) {
        const [posting] = await settled(v.id, ['posted']);
        expect((await jobs()).find((j) => j.id === posting?.externalId)?.fields.title).toBe(v.title);
      }
      expect(await postingsOf(vacancies[3]!.id)).toEqual([]);

      // The list narrows to the vacancies posted on s1jobs: the three, not the fourth.
      await page.getByLabel('Posted on').selectOption({ label: 's1jobs' });
      await expect.poll(() => page.getByLabel('Select Porter (BULK-4)').count()).toBe(0);
      await page.getByLabel('Select Staff Nurse, Ward 1 (BULK-1)').waitFor();
      expect(page.url()).toContain('board=s1jobs');

      // Closing asks first, then closes both postings.
      await page.getByRole('button', { name: 'Close postings (3)' }).click();
      const dialog = page.getByRole('dialog', { name: 'Close 3 postings?' });
      await dialog.getByRole('button', { name: 'Close postings' }).click();
      await page.getByRole('region', { name: 'Close postings: results' }).getByText('3 done.').waitFor();
      for (const v of vacancies.slice(0, 3)) await settled(v.id, ['closed']);
    },
    TIMEOUT,
  );
});
