import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postings } from '../../src/db/schema.js';
import { runSweep } from '../../src/jobs/sweep.js';
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
 * Relisting and extending a Reed advert from its posting page, and keeping a StepStone connection's
 * category ids on the connection page: Debian's Chromium against the real server, worker and sandboxes.
 */
const TIMEOUT = 120_000;
const DAY = 86_400_000;

let t: TestContext;
let browser: TestBrowser;
let page: Page;
let org: { token: string; adminEmail: string };

type Job = { id: string; ownerRef: string | null; status: string; creditsSpent: number };
const reedJob = async (ref: string) =>
  (await sandbox<{ jobs: Job[] }>(t, '/reed/_inspect/jobs')).jobs.find((j) => j.ownerRef === ref)!;

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Moorland Care');
  browser = await launchBrowser({ webApp: true });
  page = await (await browser.newContext()).newPage();
  await signIn(page, t, org.adminEmail);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('renewing a Reed advert from its posting page', () => {
  it(
    'extends a live advert after confirming the credit, then relists it once its run has ended',
    async () => {
      const connectionId = await connectSandbox(t, org.token, 'reed');
      const vacancy = await liveVacancy(t, org.token, {
        reference: 'MC-COOK-1',
        title: 'Cook',
        closingDate: inDays(25),
        description: `<p>${'Cook fresh meals for residents and lead a small kitchen team in a friendly home. '.repeat(3)}</p>`,
      });
      const posted = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancy.id}/postings`, {
        connectionId,
      });
      const id = (posted.body as { id: string }).id;
      await page.goto(`${t.baseUrl}/app/postings/${id}`);
      const status = page.getByTestId('status-text');
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Live on Reed');
      const before = await reedJob('MC-COOK-1');

      await page.getByRole('button', { name: 'Extend on Reed' }).click();
      const dialog = page.getByRole('dialog', { name: 'Extend this advert on Reed?' });
      await expect.poll(() => dialog.textContent()).toMatch(/It spends one Reed credit/);
      await expectAccessible(page, 'the extend confirmation');
      await dialog.getByRole('button', { name: 'Extend: spend a credit' }).click();
      await expect
        .poll(() => page.locator('.attempt-succeeded strong', { hasText: 'Extend' }).count(), {
          timeout: 30_000,
        })
        .toBe(1);
      await expect.poll(() => status.textContent()).toBe('Live on Reed');
      expect((await reedJob('MC-COOK-1')).creditsSpent).toBe(before.creditsSpent + 1);

      // Its days on Reed pass: Reed expires it, and Postroom's sweep sees the end day behind it.
      await fetch(`${t.baseUrl}/sandbox/reed/_inspect/jobs/${before.id}/expire`, { method: 'POST' });
      await t.database.db
        .update(postings)
        .set({ postedAt: new Date(Date.now() - 40 * DAY), runStartedAt: new Date(Date.now() - 40 * DAY) })
        .where(eq(postings.id, id));
      await runSweep(t.deps, { statusPollMs: 15 * 60_000 });
      await page.reload();
      await expect.poll(() => status.textContent()).toBe("Expired: the advert's run on Reed ended");
      expect(await page.getByRole('button', { name: 'Extend on Reed' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Relist on Reed' }).click();
      const relist = page.getByRole('dialog', { name: 'Relist this advert on Reed?' });
      await expect
        .poll(() => relist.textContent())
        .toMatch(/puts the expired advert back on Reed.*one Reed credit/);
      await relist.getByRole('button', { name: 'Relist: spend a credit' }).click();
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Live on Reed');
      expect(await reedJob('MC-COOK-1')).toMatchObject({
        status: 'live',
        creditsSpent: before.creditsSpent + 2,
      });
    },
    TIMEOUT,
  );
});

describe("a StepStone connection's category ids", () => {
  it(
    'starts empty, refuses a bad id on its field, and saves the table',
    async () => {
      const created = await t.request(org.token, 'POST', '/api/v1/connections', {
        board: 'stepstone',
        name: 'Totaljobs',
        settings: {
          username: '3rdFeedMoorland',
          password: 'secret',
          baseUrl: `${t.baseUrl}/sandbox/stepstone`,
        },
      });
      const connectionId = (created.body as { id: string }).id;
      await page.goto(`${t.baseUrl}/app/admin/connections`);
      await page.getByRole('button', { name: 'Change Totaljobs' }).click();
      const tables = page.getByRole('region', { name: 'StepStone ids for your values' });
      await tables.waitFor();
      // No setting box for the tables in the settings form: they have their own section.
      expect(await page.getByLabel('Categories', { exact: true }).count()).toBe(0);
      const workfield = tables.getByRole('region', { name: 'Categories → StepStone workfield' });
      await expect
        .poll(() => workfield.getByTestId('mapping-empty-workfield').textContent())
        .toMatch(/^No rows yet/);
      await expectAccessible(page, 'the id tables of a StepStone connection');

      await workfield.getByRole('button', { name: 'Add a row' }).click();
      await workfield.getByLabel('Category 1', { exact: true }).fill('Catering');
      await workfield.getByLabel('Workfield id 1', { exact: true }).fill('12a');
      await workfield.getByRole('button', { name: 'Save Categories → StepStone workfield' }).click();
      await expect
        .poll(() => workfield.locator('.field-error .error-message').textContent())
        .toBe("Error: Enter StepStone's number for it, digits only");

      await workfield.getByLabel('Workfield id 1', { exact: true }).fill('1042');
      await workfield.getByRole('button', { name: 'Save Categories → StepStone workfield' }).click();
      await expect.poll(() => workfield.locator('.alert').textContent()).toMatch(/saved\.$/);
      expect(await workfield.locator('.field-error').count()).toBe(0);

      const read = await t.request(org.token, 'GET', `/api/v1/connections/${connectionId}/mappings`);
      const items = (read.body as { items: { key: string; entries: unknown[] }[] }).items;
      expect(items.find((m) => m.key === 'workfield')?.entries).toEqual([{ from: 'Catering', to: '1042' }]);
    },
    TIMEOUT,
  );
});
