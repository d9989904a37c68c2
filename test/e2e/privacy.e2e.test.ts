import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, vacancies } from '../../src/db/schema.js';
import { createTestContext, type TestContext, validVacancy } from '../support/app.js';
import { expectAccessible, launchBrowser, signIn, type TestBrowser } from '../support/browser.js';

/** The admin's Privacy page in Debian's Chromium, against the real server and database. */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { id: string; token: string; adminEmail: string };
let cvFile: string;

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Privacy Health Board');
  const created = await t.request(
    org.token,
    'POST',
    '/api/v1/vacancies',
    validVacancy({ title: 'Ward clerk' }),
  );
  const vacancyId = (created.body as { id: string }).id;
  // Closed five and a half months ago: with 6 months' retention it falls due within 30 days.
  const closedAt = new Date(Date.now() - 167 * 86_400_000);
  await t.database.db
    .update(vacancies)
    .set({ status: 'closed', closedAt, closingDate: closedAt.toISOString().slice(0, 10) })
    .where(eq(vacancies.id, vacancyId));
  await mkdir(join(t.uploadsDir, org.id), { recursive: true });
  cvFile = join(t.uploadsDir, org.id, 'cv-1.pdf');
  await writeFile(cvFile, '%PDF-1.4\n%%EOF\n');
  await t.database.db.insert(applications).values({
    organisationId: org.id,
    vacancyId,
    name: 'Sam Candidate',
    email: 'sam@example.org',
    phone: '07700 900123',
    cvPath: 'cv-1.pdf',
    cvType: 'pdf',
    cvSize: 15,
    cvOriginalName: 'sam.pdf',
    sourceKind: 'careers',
    sourceLabel: 'Careers site',
    submissionKey: 'privacy-e2e',
  });
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the privacy page', () => {
  it(
    'shows what falls due, holds a vacancy, finds and erases a candidate after a confirmation, and sets retention',
    async () => {
      await signIn(page, t, org.adminEmail);
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Privacy' }).click();
      await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
      await page.getByRole('cell', { name: /Ward clerk/ }).waitFor();

      await page.getByRole('button', { name: 'Place legal hold' }).click();
      await page.getByLabel('Reason for the hold').fill('Tribunal claim');
      await page.getByRole('button', { name: 'Hold', exact: true }).click();
      await page.getByText('Held: Tribunal claim').waitFor();

      await page.getByLabel("The candidate's e-mail address").fill('sam@example.org');
      await page.getByRole('button', { name: 'Find their data' }).click();
      await page.getByText(/Sam Candidate: Ward clerk/).waitFor();
      await expectAccessible(page, 'the privacy page');
      await page.getByRole('button', { name: 'Erase…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Erase their data' }).click();
      await page.getByText(/Erased: 1 applications, 1 CV files/).waitFor();
      expect(
        await access(cvFile).then(
          () => true,
          () => false,
        ),
      ).toBe(false);

      await page.getByLabel(/Keep applications this many months/).fill('30');
      await page.getByRole('button', { name: 'Save retention' }).click();
      await page.getByText('Keep applications at most 24 months').waitFor();
      await page.getByLabel(/Keep applications this many months/).fill('12');
      await page.getByRole('button', { name: 'Save retention' }).click();
      await page.getByText('Saved.').waitFor();
      const read = await t.request(org.token, 'GET', '/api/v1/organisation');
      expect((read.body as { retentionMonths: number }).retentionMonths).toBe(12);
      expect(browser.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
