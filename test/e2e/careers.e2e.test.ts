import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardConnections, postings } from '../../src/db/schema.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { expectAccessible, launchBrowser, liveVacancy, type TestBrowser } from '../support/browser.js';

/** Browser tests of the careers site, under its real Content-Security-Policy. */
const TIMEOUT = 90_000;

type Org = { id: string; slug: string; token: string };
type Vacancy = { id: string; reference: string; title: string };

let t: TestContext;
let browser: TestBrowser;
let context: BrowserContext;
let files: string;
let acme: Org;
let open: Vacancy;
let closed: Vacancy;
const tokens = { nhs: 'tok-e2e-nhs-0001', s1: 'tok-e2e-s1-0001' };

const typed = {
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  phone: '07700 900982',
  coverNote: 'I love <b>ward</b> work & patients.',
};

/** A posting with a known tracking token, written directly: the board pipeline is not under test. */
async function posting(org: Org, vacancy: Vacancy, board: 'nhs-jobs' | 's1jobs', token: string) {
  const [connection] = await t.database.db
    .insert(boardConnections)
    .values({ organisationId: org.id, board, name: `${board} ${token}`, secrets: 'sealed' })
    .returning();
  await t.database.db.insert(postings).values({
    organisationId: org.id,
    vacancyId: vacancy.id,
    connectionId: connection!.id,
    board,
    status: 'queued',
    action: 'create',
    trackingToken: token,
    boardReference: `ref-${token}`,
    fields: {},
  });
}

/** The recruiter API over real HTTP, as a recruiter's system would call it. */
async function applications(v: Vacancy) {
  const response = await fetch(`${t.baseUrl}/api/v1/vacancies/${v.id}/applications`, {
    headers: { authorization: `Bearer ${acme.token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { email: string; source: { kind: string; label: string } }[] })
    .items;
}

const url = (path: string) => `${t.baseUrl}${path}`;
const advertPath = (v: Vacancy) => `/careers/${acme.slug}/${v.reference}`;

async function fillForm(page: Page, values: typeof typed) {
  await page.getByLabel('Full name').fill(values.name);
  await page.getByLabel('Email address').fill(values.email);
  await page.getByLabel('Telephone number').fill(values.phone);
  await page.getByLabel('Cover note (optional)').fill(values.coverNote);
  await page.locator('#consent').check();
}

async function expectTypedKept(page: Page, values: typeof typed) {
  expect(await page.inputValue('#name')).toBe(values.name);
  expect(await page.inputValue('#email')).toBe(values.email);
  expect(await page.inputValue('#phone')).toBe(values.phone);
  expect(await page.inputValue('#coverNote')).toBe(values.coverNote);
  expect(await page.isChecked('#consent')).toBe(true);
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  acme = await t.organisation('Acme Health');
  open = await liveVacancy(t, acme.token);
  await liveVacancy(t, acme.token, { title: 'Healthcare Assistant' });
  closed = await liveVacancy(t, acme.token, { title: 'Porter' });
  expect((await t.request(acme.token, 'POST', `/api/v1/vacancies/${closed.id}/close`)).status).toBe(200);
  await posting(acme, open, 'nhs-jobs', tokens.nhs);
  await posting(acme, open, 's1jobs', tokens.s1);
  files = await mkdtemp(join(tmpdir(), 'postroom-e2e-'));
  browser = await launchBrowser({ webApp: false });
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } }, 30_000);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (files) await rm(files, { recursive: true, force: true });
}, TIMEOUT);

describe('a candidate in the browser', () => {
  it(
    'arrives from a board, browses the list, applies with a PDF and is credited to that board',
    async () => {
      const page = await context.newPage();
      const cv = join(files, 'Ada CV.pdf');
      await writeFile(cv, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

      await page.goto(url(`${advertPath(open)}?src=${tokens.nhs}`));
      await expect.poll(() => page.locator('h1').textContent()).toBe(open.title);
      await page.getByRole('link', { name: 'All vacancies at Acme Health' }).click();
      await page.waitForURL((u) => u.pathname === `/careers/${acme.slug}` && !u.search.includes('src'));
      await page.getByRole('link', { name: open.title, exact: true }).click();
      await page.waitForURL((u) => u.pathname === advertPath(open) && u.search === '');
      await page.getByRole('link', { name: 'Apply for this job' }).first().click();
      await page.waitForURL((u) => u.pathname === `${advertPath(open)}/apply`);

      await fillForm(page, typed);
      await page.getByLabel('Your CV').setInputFiles(cv);
      await page.getByRole('button', { name: 'Send application' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Application received');
      expect(await page.textContent('main')).toContain('What happens next');

      const mine = (await applications(open)).filter((a) => a.email === typed.email);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.source).toMatchObject({ kind: 'board', label: 'NHS Jobs' });
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'refuses a fake PDF and a 6 MB file with a clear message and keeps what was typed',
    async () => {
      const fake = join(files, 'cv.pdf');
      await writeFile(fake, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
      const big = join(files, 'big.pdf');
      await writeFile(big, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]));
      const cases = [
        [fake, 'The CV must be a PDF or Word (.docx) file'],
        [big, 'The CV must be 5 MB or smaller'],
      ] as const;
      const refused = { ...typed, email: 'refused@example.org' };
      for (const [file, message] of cases) {
        const page = await context.newPage();
        await page.goto(url(`${advertPath(open)}/apply?src=${tokens.s1}`));
        await fillForm(page, refused);
        await page.getByLabel('Your CV').setInputFiles(file);
        await page.getByRole('button', { name: 'Send application' }).click();
        const summary = page.locator('.error-summary');
        await summary.waitFor();
        expect(await summary.textContent()).toContain('There is a problem');
        expect(await summary.getByRole('link').allTextContents()).toEqual([message]);
        expect(await page.locator('#cv-error').textContent()).toContain(message);
        expect(await page.title()).toMatch(/^Error: /);
        await expectTypedKept(page, refused);
        await page.close();
      }
      expect((await applications(open)).filter((a) => a.email === refused.email)).toHaveLength(0);
    },
    TIMEOUT,
  );
});

describe('accessibility (axe-core)', () => {
  it(
    'finds no serious or critical issue on the careers pages',
    async () => {
      const page = await context.newPage();
      const visit = async (path: string, status: number) => {
        const response = await page.goto(url(path));
        expect(response?.status(), path).toBe(status);
      };

      await visit(`/careers/${acme.slug}`, 200);
      await expectAccessible(page, 'the list page');
      await visit(advertPath(open), 200);
      await expectAccessible(page, 'an advert page');
      await visit(`${advertPath(open)}/apply`, 200);
      await expectAccessible(page, 'the apply page');

      await page.getByRole('button', { name: 'Send application' }).click();
      await page.locator('.error-summary').waitFor();
      await expectAccessible(page, 'the apply page with errors');

      await fillForm(page, { ...typed, email: 'axe@example.org' });
      const cv = join(files, 'axe.pdf');
      await writeFile(cv, '%PDF-1.4\n%%EOF\n', 'latin1');
      await page.getByLabel('Your CV').setInputFiles(cv);
      await page.getByRole('button', { name: 'Send application' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Application received');
      await expectAccessible(page, 'the confirmation page');

      await visit(advertPath(closed), 410);
      await expectAccessible(page, 'the 410 page');
      await visit(`/careers/${acme.slug}/no-such-vacancy`, 404);
      await expectAccessible(page, 'the 404 page');
      await page.close();
    },
    TIMEOUT,
  );
});
