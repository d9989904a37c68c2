import type { BrowserContext, Page } from 'playwright-core';
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
 * The recruiter web app in Debian's Chromium, against the real server, queue, worker and sandbox
 * boards. The app runs under its real Content-Security-Policy: axe-core is evaluated through the
 * DevTools protocol, which the CSP does not govern, and any CSP violation fails the test.
 */
const TIMEOUT = 120_000;
const RECRUITER = {
  email: 'rita.recruiter@example.org',
  password: 'recruiter password 1',
  name: 'Rita Recruiter',
};

let t: TestContext;
let browser: TestBrowser;
let admin: BrowserContext;
let page: Page;
let org: { id: string; slug: string; token: string; adminEmail: string };
const cspViolations: string[] = [];
let vacancyId = '';
let s1PostingUrl = '';
const title = 'Staff Nurse, Ward 7';

const app = (path = '/') => `${t.baseUrl}/app${path}`;

/** Nothing is wider than a 320 px screen (no sideways scrolling). */
async function expectFitsNarrowScreen(p: Page, what: string) {
  await p.setViewportSize({ width: 320, height: 800 });
  const overflow = await p.evaluate(() => {
    const { document } = globalThis as unknown as { document: { documentElement: { scrollWidth: number } } };
    return document.documentElement.scrollWidth;
  });
  await p.setViewportSize({ width: 1200, height: 900 });
  expect(overflow, `${what} at 320 px`).toBeLessThanOrEqual(320);
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return context;
}

const panel = (name: string) => page.getByRole('region', { name });

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Riverside Health Board');
  const api = (method: 'POST' | 'PATCH', url: string, body: unknown) =>
    t.request(org.token, method, url, body);
  const about =
    'Riverside Health Board runs two hospitals and twenty community clinics, and employs 4,000 people who care for the city and its valleys.';
  expect((await api('PATCH', '/api/v1/organisation', { about })).status).toBe(200);
  await connectSandbox(t, org.token, 'nhs-jobs');
  await connectSandbox(t, org.token, 's1jobs');
  expect((await api('POST', '/api/v1/users', { ...RECRUITER, role: 'recruiter' })).status).toBe(201);

  browser = await launchBrowser({ webApp: true });
  admin = await newContext();
  page = await admin.newPage();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await t?.close();
}, TIMEOUT);

describe('a recruiter in the web app', () => {
  it(
    'signs in and sees an empty vacancy list that says what to do',
    async () => {
      await page.goto(app('/'));
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await expectAccessible(page, 'the sign-in page');
      await page.getByLabel('Email address').fill(org.adminEmail);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('The e-mail address or the password is not right.').waitFor();

      await signIn(page, t, org.adminEmail);
      await page.getByRole('heading', { name: 'No vacancies yet' }).waitFor();
      await expectAccessible(page, 'the empty vacancy list');
      await expectFitsNarrowScreen(page, 'the vacancy list');
    },
    TIMEOUT,
  );

  it(
    'writes a vacancy with inline validation, saves it as a draft and publishes it',
    async () => {
      await page.getByRole('link', { name: 'New vacancy' }).click();
      await page.getByRole('heading', { level: 1, name: 'New vacancy' }).waitFor();
      await page.getByLabel('Job title').fill(title);
      await page.getByLabel('Address line 1').fill('84 Castle Street');
      await page.getByLabel('Town or city').fill('Glasgow');
      const postcode = page.getByLabel('Postcode');
      await postcode.fill('G4');
      await postcode.blur();
      await page.getByText('Enter a full UK postcode, like G2 1DY').waitFor();
      expect(await postcode.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'the vacancy editor with a field error');
      await postcode.fill('G4 0SF');
      await page.getByText('Enter a full UK postcode, like G2 1DY').waitFor({ state: 'detached' });

      await page.getByLabel('From (£) (optional)').fill('31049');
      await page.getByLabel('To (£) (optional)').fill('37796');
      await page.getByLabel('Summary (optional)').fill('A Band 5 post on a friendly ward.');
      const advert = page.getByRole('textbox', { name: 'Advert text' });
      await advert.click();
      await page.keyboard.type('Care for adults on an acute medical ward, with a team that trains you well.');
      await page.getByLabel('Closing date').fill(inDays(30));
      await page.getByLabel('Reply-to e-mail (optional)').fill('jobs@riverside.example');
      await expectFitsNarrowScreen(page, 'the vacancy editor');

      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/app\/vacancies\/[0-9a-f-]{36}$/);
      vacancyId = page.url().split('/').at(-1)!;
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const saved = await t.request(org.token, 'GET', `/api/v1/vacancies/${vacancyId}`);
      expect(saved.body).toMatchObject({ status: 'draft', title, location: { postcode: 'G4 0SF' } });
      expect((saved.body as { description: string }).description).toContain('acute medical ward');

      await page.getByRole('button', { name: 'Publish on careers site' }).click();
      await page.getByText('Published on your careers site').waitFor();
      await page.locator('.page-head [data-state="live"]').waitFor();
      await expectAccessible(page, 'a live vacancy');
    },
    TIMEOUT,
  );

  it(
    "posts to both sandbox boards at once, after fixing the NHS Jobs field error shown in the board's words",
    async () => {
      await page.getByRole('link', { name: 'Post to boards' }).click();
      await page.getByRole('heading', { level: 1, name: 'Post to boards' }).waitFor();
      await page.getByRole('checkbox', { name: 'NHS Jobs (sandbox)' }).check();
      await page.getByRole('checkbox', { name: 's1jobs (sandbox)' }).check();

      const nhs = panel('NHS Jobs (sandbox)');
      const overviewError = 'Please Enter Job overview. Character minLength: 100, maxLength: 1000.';
      await nhs.getByText(overviewError).waitFor();
      await expect.poll(() => nhs.getByText('Pre-filled').count()).toBeGreaterThan(3);
      await expectAccessible(page, 'the posting form with board errors');

      // Fields that appear with earlier answers: the band only for Agenda for Change.
      expect(await nhs.getByLabel('Band', { exact: true }).count()).toBe(0);
      await nhs.getByLabel('Staff group').selectOption('ALLIED_HEALTH_PROFESSIONALS');
      await nhs.getByLabel('Pay scheme').selectOption('AGENDA_FOR_CHANGE');
      await nhs.getByLabel('Band', { exact: true }).selectOption('BAND_5');
      const overview = nhs.getByLabel('Job overview');
      await overview.fill(
        'Join our acute medical ward as a Band 5 staff nurse: a friendly team, good training and a rota that respects your life.',
      );
      await nhs.getByText(overviewError).waitFor({ state: 'detached' });
      await nhs
        .getByText(/^1\d\d of 1,000 characters$/)
        .first()
        .waitFor();
      await nhs
        .getByLabel('Main duties of the job')
        .fill(
          'Assess, plan and give care to adults with acute medical conditions; give medicines safely; support students and healthcare assistants.',
        );
      await nhs.getByLabel('Contact email').fill('ward7@riverside.example');

      // Value lists that follow another answer: s1jobs' specialisms follow the core skill.
      const s1 = panel('s1jobs (sandbox)');
      await s1.getByLabel('Core skill').selectOption('Medical / Dental / Health Care');
      await expect
        .poll(() => s1.getByRole('group', { name: 'Specialisms' }).getByRole('checkbox').count())
        .toBeGreaterThan(0);

      await expect
        .poll(() => nhs.locator('output.panel-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Ready to send/);
      await expect
        .poll(() => s1.locator('output.panel-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Ready to send/);
      await nhs.getByText('What will be sent to NHS Jobs').click();
      await expect.poll(() => nhs.locator('details.sent pre').textContent()).toContain('Band 5 staff nurse');

      await page.getByRole('button', { name: 'Post to 2 boards' }).click();
      const sent = page.locator('.sent-list li');
      await expect.poll(() => sent.count()).toBe(2);
      await expect
        .poll(() => page.locator('.sent-list [data-state="posted"]').count(), { timeout: 30_000 })
        .toBe(2);
      expect(await page.locator('.sent-list').textContent()).toContain('Draft created');
      await expectAccessible(page, 'the posting page after posting');

      const drafts = await sandbox<{ drafts: { body: Record<string, unknown> }[] }>(
        t,
        '/nhs-jobs/_inspect/drafts',
      );
      expect(drafts.drafts).toHaveLength(1);
      const jobs = await sandbox<{ jobs: unknown[] }>(t, '/s1jobs/_inspect/jobs');
      expect(jobs.jobs).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'follows the NHS Jobs draft until the employer publishes it in NHS Jobs',
    async () => {
      const details = (board: string) =>
        page.locator('.sent-list li', { hasText: board }).getByRole('link', { name: 'Details' });
      s1PostingUrl = new URL((await details('s1jobs').getAttribute('href'))!, t.baseUrl).toString();
      await details('NHS Jobs').click();
      await page.getByText('Draft — not published yet').waitFor();
      const publish = page.getByRole('link', { name: /Publish the draft in NHS Jobs/ });
      expect(await publish.getAttribute('href')).toContain('/sandbox/nhs-jobs/employer/drafts/');
      // What the employer does in NHS Jobs, then the recruiter asks Postroom to look.
      const { drafts } = await sandbox<{ drafts: { id: string }[] }>(t, '/nhs-jobs/_inspect/drafts');
      const published = await fetch(
        `${t.baseUrl}/sandbox/nhs-jobs/_inspect/drafts/${drafts[0]!.id}/publish`,
        {
          method: 'POST',
        },
      );
      expect(published.status).toBeLessThan(300);
      await page.getByRole('button', { name: 'Check NHS Jobs now' }).click();
      await page.getByText(/^Published in NHS Jobs on /).waitFor({ timeout: 30_000 });
      expect(await publish.count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'updates the s1jobs posting from its detail page and the board has the change',
    async () => {
      await page.goto(s1PostingUrl);
      await page.getByRole('heading', { name: 'Every call to the board' }).waitFor();
      await page.locator('.timeline details').first().waitFor();
      await expectAccessible(page, 'the posting detail');
      await page.getByRole('button', { name: 'Update', exact: true }).click();
      const form = panel('s1jobs (sandbox)');
      const jobTitle = form.getByLabel('Job title');
      await expect.poll(() => jobTitle.inputValue()).toBe(title);
      // The form counts as s1jobs does (code points): 200 emoji are 200 characters, not 400.
      await jobTitle.fill('😀'.repeat(200));
      await form.getByText('200 of 255 characters').waitFor();
      await jobTitle.fill('Staff Nurse, Ward 7 (nights)');
      await expect
        .poll(() => form.locator('output.panel-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Ready to send/);
      await page.getByRole('button', { name: 'Send update' }).click();
      await page.getByText('Update sent to the board.').waitFor();
      await expect
        .poll(
          async () => {
            const { jobs } = await sandbox<{ jobs: { fields: Record<string, unknown> }[] }>(
              t,
              '/s1jobs/_inspect/jobs',
            );
            return jobs[0]?.fields.title;
          },
          { timeout: 30_000 },
        )
        .toBe('Staff Nurse, Ward 7 (nights)');
      await page.locator('output.status-line [data-state="posted"]').waitFor({ timeout: 30_000 });
      // The proof of the edit shows the If-Match header it carried, and never the password.
      const edit = page.locator('.timeline details.exchange', { hasText: 'PATCH' }).first();
      await edit.waitFor({ timeout: 30_000 });
      await edit.locator('summary').click();
      const request = (await edit.locator('pre').first().textContent()) ?? '';
      expect(request).toMatch(/^if-match: [0-9a-f]{40}$/m);
      expect(request).not.toContain('demo-secret');
    },
    TIMEOUT,
  );

  it(
    'closes the vacancy after a confirmation naming its postings, and both postings close',
    async () => {
      await page.goto(app(`/vacancies/${vacancyId}`));
      await page.getByRole('button', { name: 'Close vacancy' }).click();
      const dialog = page.getByRole('dialog', { name: 'Close this vacancy?' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toMatch(/NHS Jobs[\s\S]*s1jobs|s1jobs[\s\S]*NHS Jobs/);
      await expectAccessible(page, 'the close confirmation');
      await dialog.getByRole('button', { name: 'Close vacancy and postings' }).click();
      await expect
        .poll(() => page.locator('.postings-strip [data-state="closed"]').count(), { timeout: 30_000 })
        .toBe(2);
      await page.locator('.page-head [data-state="closed"]').waitFor();
      const { jobs } = await sandbox<{ jobs: { status: string }[] }>(t, '/s1jobs/_inspect/jobs');
      expect(jobs[0]?.status).toBe('closed');

      await page.goto(app('/'));
      await expect.poll(() => page.locator('table.vacancies [data-state="closed"]').count()).toBe(3);
      await expectAccessible(page, 'the vacancy list with postings');
    },
    TIMEOUT,
  );

  it(
    'shows applications and the admin pages with no accessibility problem',
    async () => {
      await page.goto(app(`/vacancies/${vacancyId}/applications`));
      await page.getByRole('heading', { name: 'No applications yet' }).waitFor();
      await expectAccessible(page, 'a vacancy without applications');
      await page.getByRole('link', { name: 'Applications', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      await page.locator('main .empty, main figure').first().waitFor();
      await expectAccessible(page, 'the applications over time');

      for (const [link, heading] of [
        ['Organisation', 'Organisation settings'],
        ['Board connections', 'Board connections'],
        ['Users', 'Users'],
        ['API tokens', 'API tokens'],
      ] as const) {
        await page.goto(app('/admin/organisation'));
        await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: link }).click();
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.locator('main table, main .cards, main form').first().waitFor();
        await expectAccessible(page, `the admin page ${heading}`);
      }
      // The feeds: each aggregator's address, and a feed switched off answers 404.
      await page.goto(app('/admin/organisation'));
      await page.getByRole('heading', { name: 'Feeds' }).waitFor();
      await expect
        .poll(() => page.getByLabel('Jooble feed address').inputValue())
        .toMatch(new RegExp(`/feeds/${org.slug}/jooble\\.xml$`));
      await page.getByRole('checkbox', { name: 'Jooble feed on' }).click();
      await page.getByText('Jooble feed switched off.').waitFor();
      expect((await fetch(`${t.baseUrl}/feeds/${org.slug}/jooble.xml`)).status).toBe(404);
      await page.getByRole('checkbox', { name: 'Jooble feed on' }).click();
      await page.getByText('Jooble feed switched on.').waitFor();
      expect((await fetch(`${t.baseUrl}/feeds/${org.slug}/jooble.xml`)).status).toBe(200);
      await expectAccessible(page, 'the feeds on the organisation settings');

      // A token is shown once, then only its prefix; revoked, it stops working.
      await page.goto(app('/admin/tokens'));
      await page.getByLabel('Name').fill('HR system');
      await page.getByRole('button', { name: 'Create token' }).click();
      const shown = (await page.getByTestId('new-token').textContent())!;
      expect(shown).toMatch(/^pr_/);
      const works = async () =>
        (await fetch(`${t.baseUrl}/api/v1/vacancies`, { headers: { authorization: `Bearer ${shown}` } }))
          .status;
      expect(await works()).toBe(200);
      await page.getByRole('button', { name: 'I have copied it' }).click();
      expect(await page.textContent('main')).not.toContain(shown);
      await page.getByRole('button', { name: 'Revoke HR system' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      await page.getByText('HR system was revoked').waitFor();
      expect(await works()).toBe(401);

      // Secrets are write-only: the page says whether one is set, never what it is.
      await page.goto(app('/admin/connections'));
      await page.locator('.cards').waitFor();
      expect(await page.textContent('main')).not.toContain('demo-secret');
      expect(await page.locator('.set-list strong', { hasText: 'set' }).count()).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'shows why a posting failed, and retries it after an admin fixes the connection',
    async () => {
      const api = (method: 'POST' | 'GET', url: string, body?: unknown) =>
        t.request(org.token, method, url, body);
      const porter = (await liveVacancy(t, org.token, { title: 'Porter', closingDate: inDays(20) })).id;
      const connection = await api('POST', '/api/v1/connections', {
        board: 's1jobs',
        name: 's1jobs (old password)',
        settings: {
          username: 'demo-api',
          password: 'not-the-password',
          baseUrl: `${t.baseUrl}/sandbox/s1jobs`,
        },
      });
      expect(connection.status).toBe(201);

      await page.goto(app(`/vacancies/${porter}/post`));
      await page.getByRole('checkbox', { name: 's1jobs (old password)' }).check();
      const form = panel('s1jobs (old password)');
      await form.getByLabel('Core skill').selectOption('Medical / Dental / Health Care');
      await expect
        .poll(() => form.locator('output.panel-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Ready to send/);
      await page.getByRole('button', { name: 'Post to 1 board' }).click();
      await page.locator('.sent-list [data-state="failed"]').waitFor({ timeout: 30_000 });
      await page.locator('.sent-list li').getByRole('link', { name: 'Details' }).click();
      await page.locator('output.status-line [data-state="failed"]').waitFor();
      const postingUrl = page.url();
      expect(await page.locator('.status-card .alert').textContent()).toMatch(/\S/);
      await expectAccessible(page, 'a failed posting');

      // The admin sets the right password: the form shows the old one is set, never what it is.
      await page.goto(app('/admin/connections'));
      await page.getByRole('button', { name: 'Change s1jobs (old password)' }).click();
      const password = page.getByLabel('API password');
      expect(await password.inputValue()).toBe('');
      await password.fill('demo-secret');
      await page.getByRole('button', { name: 'Save connection' }).click();
      await page.getByText('Connection saved.').waitFor();

      await page.goto(postingUrl);
      await page.getByRole('button', { name: 'Retry', exact: true }).click();
      await page.locator('output.status-line [data-state="posted"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('.timeline .attempt').count()).toBeGreaterThanOrEqual(2);
    },
    TIMEOUT,
  );

  it(
    'keeps admin pages from a recruiter, in the app and in the API, and signs them out',
    async () => {
      const context = await newContext();
      const recruiter = await context.newPage();
      await signIn(recruiter, t, RECRUITER.email, RECRUITER.password);
      expect(
        await recruiter
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Admin' })
          .count(),
      ).toBe(0);
      await recruiter.goto(app('/admin/users'));
      await recruiter.getByRole('heading', { level: 1, name: 'Admins only' }).waitFor();
      await expectAccessible(recruiter, 'the admin page refused to a recruiter');
      const status = await recruiter.evaluate(async () => (await fetch('/api/v1/users')).status);
      expect(status).toBe(403);

      await recruiter.getByRole('button', { name: 'Sign out' }).click();
      await recruiter.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await recruiter.evaluate(async () => (await fetch('/api/v1/session')).status)).toBe(401);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'refuses a cross-site form post, and a request without the CSRF token, from a signed-in browser',
    async () => {
      const before = (await t.request(org.token, 'GET', '/api/v1/vacancies')).body as { items: unknown[] };
      // A page on another site posts a form to Postroom in the recruiter's browser.
      await page.route('http://attacker.example/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html lang="en"><title>Win a prize</title><form method="post" action="${t.baseUrl}/api/v1/vacancies" enctype="text/plain"><input name='{"title":"Hijack","x":"' value='"}'><button>Go</button></form>`,
        }),
      );
      await page.goto('http://attacker.example/prize');
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().startsWith(`${t.baseUrl}/api/v1/vacancies`)),
        page.getByRole('button', { name: 'Go' }).click(),
      ]);
      expect([401, 403, 415]).toContain(answer.status());
      // The same browser on Postroom itself, without the token: refused as a CSRF failure.
      await page.goto(app('/'));
      await page.getByRole('heading', { level: 1, name: 'Vacancies' }).waitFor();
      const refused = await page.evaluate(async () => {
        const response = await fetch('/api/v1/vacancies', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Hijack' }),
        });
        return { status: response.status, body: await response.json() };
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'csrf_failed' } });
      const after = (await t.request(org.token, 'GET', '/api/v1/vacancies')).body as { items: unknown[] };
      expect(after.items).toHaveLength(before.items.length);
    },
    TIMEOUT,
  );

  it('ran under its Content-Security-Policy without a single violation or script error', () => {
    expect(cspViolations).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
