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
 * Approvals in Debian's Chromium against the real server, queue, worker and Reed's sandbox: a
 * recruiter posts to a paid board that needs approval, nothing reaches the board, an approver
 * approves it from their list, and the posting goes live.
 */
const TIMEOUT = 120_000;
const PASSWORD = 'a long enough password';

let t: TestContext;
let browser: TestBrowser;
let org: { token: string };
let vacancy: { id: string; reference: string };

type Jobs = { jobs: { ownerRef: string | null; createCount: number }[] };
const reedJobs = async () =>
  (await sandbox<Jobs>(t, '/reed/_inspect/jobs')).jobs.filter((j) => j.ownerRef === vacancy.reference);

async function person(name: string, role: 'recruiter' | 'approver') {
  const email = `${role}-${Date.now()}@harbour.example`;
  const res = await t.request(org.token, 'POST', '/api/v1/users', { email, name, role, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return email;
}

async function signedIn(email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, t, email, PASSWORD);
  return page;
}

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Harbour Care Homes');
  const reed = await connectSandbox(t, org.token, 'reed');
  const paid = await t.request(org.token, 'PATCH', `/api/v1/connections/${reed}`, {
    requiresApproval: true,
    costPence: 9_500,
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  vacancy = await liveVacancy(t, org.token, {
    reference: 'HCH-COOK-1',
    title: 'Cook',
    closingDate: inDays(25),
    category: 'Nursing',
    description:
      '<p>Cook fresh, seasonal meals for forty residents and lead a small kitchen team in a friendly care home by the harbour.</p><p>You plan menus with residents and their families, and keep our food safety standards high.</p>',
    personSpecification: {
      essential: { qualifications: ['Food hygiene level 3'], experience: ['Leading a kitchen'], skills: [] },
      desirable: { qualifications: [], experience: [], skills: [] },
    },
  });
  browser = await launchBrowser({ webApp: true });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('approvals in the web app', () => {
  it(
    'a recruiter’s post to a paid board waits, an approver approves it, and it goes live',
    async () => {
      const recruiter = await signedIn(await person('Rory Recruiter', 'recruiter'));
      await recruiter.goto(`${t.baseUrl}/app/vacancies/${vacancy.id}/post`);
      await recruiter.getByRole('heading', { level: 1, name: 'Post to boards' }).waitFor();
      await recruiter.getByRole('checkbox', { name: /Reed \(sandbox\)/ }).check();
      const panel = recruiter.getByRole('region', { name: 'Reed (sandbox)' });
      await expect
        .poll(() => panel.locator('output.panel-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Ready to send/);
      expect(await panel.getByText(/This board needs approval before posting/).count()).toBe(1);
      expect(await panel.getByText('£95.00').count()).toBe(1);
      await expectAccessible(recruiter, 'the post form of a board that needs approval');

      await recruiter.getByRole('button', { name: 'Post to 1 board' }).click();
      const chip = recruiter.locator('.sent-list [data-state="awaiting_approval"]');
      await chip.waitFor({ timeout: 15_000 });
      expect(await chip.textContent()).toContain('Awaiting approval');
      // Held: nothing was sent to Reed.
      expect(await reedJobs()).toEqual([]);
      // A recruiter has no Approvals page in the navigation.
      expect(await recruiter.getByRole('link', { name: 'Approvals' }).count()).toBe(0);

      const approver = await signedIn(await person('Ada Approver', 'approver'));
      await approver.getByRole('link', { name: 'Approvals' }).click();
      await approver.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
      const row = approver.getByRole('row', { name: /Cook/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('Rory Recruiter');
      await expectAccessible(approver, 'the approvals list');
      await approver.getByRole('button', { name: 'Approve Cook on Reed (sandbox)' }).click();
      await approver.getByRole('dialog', { name: 'Approve Cook on Reed (sandbox)?' }).waitFor();
      expect(await reedJobs()).toEqual([]);
      await approver.getByRole('button', { name: 'Approve and send' }).click();
      await approver.getByText('Approved: Cook is on its way to Reed (sandbox).').waitFor();
      await approver.getByText('Nothing is waiting for approval').waitFor();

      const list = await t.request(org.token, 'GET', `/api/v1/vacancies/${vacancy.id}/postings`);
      const posting = (list.body as { items: { id: string }[] }).items[0]!;
      await recruiter.goto(`${t.baseUrl}/app/postings/${posting.id}`);
      await expect
        .poll(
          async () => {
            await recruiter.reload();
            // The page loads, then asks for the posting: wait for its state before reading it.
            await recruiter.locator('[data-state]').first().waitFor();
            return recruiter.locator('[data-state="posted"]').count();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      expect(await reedJobs()).toMatchObject([{ createCount: 1 }]);
      // The recruiter sees the decision on the posting.
      expect(await recruiter.getByTestId('approval').textContent()).toContain('Approved by Ada Approver');

      // The approved post's cost is in the spend report, with its chart.
      await approver.getByRole('link', { name: 'Spend' }).click();
      await approver.getByRole('heading', { level: 1, name: 'Spend' }).waitFor();
      const reedRow = approver.getByRole('row', { name: /Reed \(sandbox\)/ });
      await reedRow.waitFor();
      expect(await reedRow.textContent()).toContain('£95.00');
      expect(await approver.getByRole('img', { name: /Spend by board, in pounds/ }).count()).toBe(1);
      await expectAccessible(approver, 'the spend report');
    },
    TIMEOUT,
  );
});
