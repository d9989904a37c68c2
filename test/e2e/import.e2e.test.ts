import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.js';
import { expectAccessible, inDays, launchBrowser, signIn, type TestBrowser } from '../support/browser.js';
import { goodImportRow, importCsv } from '../support/import-file.js';

/**
 * Importing vacancies in the web app, in Debian's Chromium against the real server: upload a small
 * CSV, see the preview with the one refused row (row, field and message), import, and find the new
 * vacancies in the list.
 */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Riverside Health Board');
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

/** The element that has the focus, by the heading that labels it. */
const focused = () =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as {
          document: { activeElement: { getAttribute(name: string): string | null } | null };
        }
      ).document.activeElement?.getAttribute('aria-labelledby') ?? null,
  );

describe('importing vacancies in the web app', () => {
  it(
    'previews a CSV with one refused row, imports the others and lists them',
    async () => {
      const rows = [1, 2, 3].map((n) => ({
        ...goodImportRow(n, 'WEB'),
        title: `Imported <b>Nurse</b> ${n}`,
        closingDate: inDays(20),
      }));
      rows[1] = { ...rows[1]!, closingDate: '2026-02-30' };

      await page.getByRole('link', { name: 'Import vacancies' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import vacancies' }).waitFor();
      await page.getByLabel('CSV or JSON file').setInputFiles({
        name: 'vacancies.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(importCsv(rows)),
      });

      const preview = page.getByRole('region', { name: 'Preview: what the import will do' });
      await preview.waitFor();
      await expect.poll(focused).toBe('import-report-title');
      expect(await preview.locator('.import-counts li').allTextContents()).toEqual([
        '2 vacancies to create',
        '0 vacancies to update',
        '0 vacancies unchanged',
        '1 row refused',
      ]);
      await preview.getByText('Which vacancies will be created or updated (2)').click();
      await preview.getByText('Row 2: WEB-0001 will be created').waitFor();
      await preview.getByText('Row 4: WEB-0003 will be created').waitFor();
      // The header row and one refused row, with one message: the date is impossible, not also past.
      expect(await preview.getByRole('row').count()).toBe(2);
      expect(await preview.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
        '3',
        'WEB-0002',
        'closingDate',
        'Closing date must be a date like 2026-12-31',
      ]);
      // Nothing is written by the preview.
      const listed = await t.request(org.token, 'GET', '/api/v1/vacancies');
      expect((listed.body as { items: unknown[] }).items).toEqual([]);
      await expectAccessible(page, 'the import preview');

      await page.getByRole('button', { name: 'Import 2 vacancies' }).click();
      const done = page.getByRole('region', { name: 'Import done' });
      await done.waitFor();
      await expect.poll(focused).toBe('import-report-title');
      await done.getByText('2 vacancies created').waitFor();
      await done.getByText('1 row refused').waitFor();

      await page.getByRole('link', { name: 'Back to the vacancies' }).click();
      // The title is shown as typed, markup and all, never as HTML.
      await page.getByRole('link', { name: 'Imported <b>Nurse</b> 1' }).waitFor();
      await page.getByRole('link', { name: 'Imported <b>Nurse</b> 3' }).waitFor();
      expect(await page.getByRole('link', { name: 'Imported <b>Nurse</b> 2' }).count()).toBe(0);
      expect(browser.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
