import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.js';
import {
  expectAccessible,
  launchBrowser,
  liveVacancy,
  signIn,
  type TestBrowser,
} from '../support/browser.js';

/** The applications inbox in the browser: a candidate applies, a recruiter shortlists and exports. */
const TIMEOUT = 120_000;

let t: TestContext;
let browser: TestBrowser;
let context: BrowserContext;
let files: string;
let acme: { slug: string; token: string; adminEmail: string };
let vacancy: { id: string; reference: string; title: string };

const candidate = {
  name: 'Grace Hopper',
  email: 'grace@example.org',
  phone: '07700 900461',
  coverNote: 'Ten years on the wards, "nights" included.',
};

async function apply(page: Page) {
  const cv = join(files, 'Grace CV.pdf');
  await writeFile(cv, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
  await page.goto(`${t.baseUrl}/careers/${acme.slug}/${vacancy.reference}/apply`);
  await page.getByLabel('Full name').fill(candidate.name);
  await page.getByLabel('Email address').fill(candidate.email);
  await page.getByLabel('Telephone number').fill(candidate.phone);
  await page.getByLabel('Cover note (optional)').fill(candidate.coverNote);
  await page.locator('#consent').check();
  await page.getByLabel('Your CV').setInputFiles(cv);
  await page.getByRole('button', { name: 'Send application' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('Application received');
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  acme = await t.organisation('Inbox Health');
  vacancy = await liveVacancy(t, acme.token, { title: 'Staff Nurse' });
  await liveVacancy(t, acme.token, { title: 'Porter' });
  files = await mkdtemp(join(tmpdir(), 'postroom-inbox-'));
  browser = await launchBrowser({ webApp: true });
  context = await browser.newContext({}, 30_000);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (files) await rm(files, { recursive: true, force: true });
}, TIMEOUT);

describe('the applications inbox', () => {
  it(
    'shows an application with its cover note, shortlists it, and exports it as CSV',
    async () => {
      await apply(await context.newPage());

      const page = await context.newPage();
      await signIn(page, t, acme.adminEmail);
      await page.goto(`${t.baseUrl}/app/applications`);
      const item = page.getByRole('listitem', { name: candidate.name });
      await item.waitFor();
      await expect.poll(() => item.textContent()).toContain(candidate.coverNote);
      const text = (await item.textContent()) ?? '';
      for (const shown of [
        candidate.phone,
        candidate.email,
        'Careers site',
        vacancy.title,
        'Agreed to the privacy notice',
      ])
        expect(text).toContain(shown);
      await expectAccessible(page, 'the applications inbox');

      await item.getByLabel(`Status of ${candidate.name}`).selectOption('shortlisted');
      await expect
        .poll(() => page.locator('output.inbox-said').textContent())
        .toBe(`${candidate.name} is now shortlisted.`);

      // The filter narrows the list, and the export link carries it.
      await page.getByLabel('Status', { exact: true }).selectOption('shortlisted');
      await item.waitFor();
      await page.getByLabel('Status', { exact: true }).selectOption('rejected');
      await page.getByRole('heading', { name: 'No applications match' }).waitFor();
      await page.getByLabel('Status', { exact: true }).selectOption('shortlisted');
      await item.waitFor();
      const link = page.getByRole('link', { name: /Export CSV/ });
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toContain('status=shortlisted');
      const download = await page.request.get(new URL(href, page.url()).toString());
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const csv = await download.text();
      expect(csv).toContain(
        `${candidate.name},${candidate.email},${candidate.phone},"Ten years on the wards, ""nights"" included.",Careers site,shortlisted`,
      );
      expect(browser.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
