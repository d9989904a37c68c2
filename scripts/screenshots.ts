// Screenshots of the recruiter web app for the README (npm run screenshots; not part of npm test).
// It runs the real server with the sandbox boards on an in-memory database, seeds the demo
// organisation, posts and receives a few applications, then photographs the main pages in Chromium.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { chromium, type Page } from 'playwright-core';
import { applications } from '../src/db/schema.js';
import { submitApplication } from '../src/services/applications/submit-application.js';
import { seedDemo } from '../src/services/demo.js';
import { createTestContext } from '../test/support/app.js';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

type Posting = { id: string; status: string; trackingToken: string; board: string };

const t = await createTestContext({ pipeline: true });
const demo = await seedDemo(t.deps, { sandboxBaseUrl: t.baseUrl });
if (!demo) throw new Error('The demo organisation was not created.');
const api = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
  const response = await t.request(demo.token, method, `/api/v1${url}`, body);
  if (response.status >= 400) throw new Error(`${method} ${url}: ${JSON.stringify(response.body)}`);
  return response.body as T;
};

const vacancies = (
  await api<{ items: { id: string; reference: string; status: string }[] }>('GET', '/vacancies')
).items;
const nurse = vacancies.find((v) => v.reference === 'DEMO-001-RN')!;
const support = vacancies.find((v) => v.reference === 'DEMO-002-HCSW')!;
const connections = (await api<{ items: { id: string; board: string }[] }>('GET', '/connections')).items;
const nhs = connections.find((c) => c.board === 'nhs-jobs')!;
const s1 = connections.find((c) => c.board === 's1jobs')!;

const nhsFields = {
  staffGroup: 'NURSING_AND_MIDWIFERY_REGISTERED',
  payScheme: 'AGENDA_FOR_CHANGE',
  payBand: 'BAND_5',
  mainDuties:
    'Assess, plan and deliver care to adults with acute medical conditions; give medicines safely; supervise students and support workers; keep accurate records.',
  contactEmail: 'recruitment@demo-nhs-trust.example',
};
const posted = [
  await api<Posting>('POST', `/vacancies/${nurse.id}/postings`, { connectionId: nhs.id, fields: nhsFields }),
  await api<Posting>('POST', `/vacancies/${nurse.id}/postings`, {
    connectionId: s1.id,
    fields: { coreSkill: 'Medical / Dental / Health Care' },
  }),
];
for (let i = 0; i < 60; i++) {
  const states = await Promise.all(posted.map((p) => api<Posting>('GET', `/postings/${p.id}`)));
  if (states.every((p) => p.status === 'posted')) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}

// Applications over the last weeks, from each board and the careers site.
const organisationId = (await api<{ id: string }>('GET', '/organisation')).id;
const names = [
  'Ada Lovelace',
  'Mary Seacole',
  'Florence Nightingale',
  'Edith Cavell',
  'Elsie Inglis',
  'Ruth Bond',
];
for (let i = 0; i < 18; i++) {
  const source = i % 3 === 0 ? null : posted[i % 2]!.trackingToken;
  const result = await submitApplication(
    t.deps,
    { uploadsDir: t.uploadsDir, uploadQuotaBytes: Number.MAX_SAFE_INTEGER },
    { organisationId, vacancyId: nurse.id },
    {
      name: `${names[i % names.length]} ${i + 1}`,
      email: `candidate${i}@example.org`,
      phone: '07700 900982',
      coverNote: '',
      cv: { type: 'pdf', bytes: PDF, originalName: 'CV.pdf' },
      submissionKey: randomUUID(),
      sourceToken: source,
    },
  );
  if (result.kind !== 'stored') throw new Error('Each screenshot candidate has a key of their own');
  const { application } = result;
  const daysAgo = (i * 37) % 56;
  await t.database.db
    .update(applications)
    .set({ createdAt: new Date(Date.now() - daysAgo * 86_400_000) })
    .where(eq(applications.id, application.id));
}

await mkdir(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
const page = await context.newPage();
const app = (path: string) => `${t.baseUrl}/app${path}`;
const shot = async (p: Page, name: string, fullPage = true) => {
  await p.waitForTimeout(300);
  await p.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
};

await page.goto(app('/'));
await page.getByRole('heading', { name: 'Sign in' }).waitFor();
await page.getByLabel('Email address').fill(demo.email);
await shot(page, 'sign-in', false);
await page.getByLabel('Password').fill(demo.password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.locator('table.vacancies').waitFor();
await page.locator('table.vacancies [data-state="posted"]').first().waitFor();
await shot(page, 'vacancies', false);

await page.goto(app(`/vacancies/${nurse.id}`));
await page.locator('.rich-text-area').waitFor();
await shot(page, 'vacancy-editor', false);

await page.goto(app(`/vacancies/${support.id}/post`));
await page.getByRole('checkbox', { name: 'NHS Jobs (sandbox)' }).check();
await page.getByRole('checkbox', { name: 's1jobs (sandbox)' }).check();
await page.getByRole('region', { name: 'NHS Jobs (sandbox)' }).locator('.error-message').first().waitFor();
await page.getByRole('region', { name: 's1jobs (sandbox)' }).locator('.rich-text-area').waitFor();
await shot(page, 'post-to-boards', false);
const s1Preview = page.getByRole('region', { name: 'How candidates will see it on s1jobs' });
await s1Preview.waitFor();
await page.waitForTimeout(300);
await s1Preview.screenshot({ path: join(OUT, 'advert-preview.png') });
console.log('docs/screenshots/advert-preview.png');
await page.getByRole('button', { name: 'Post to 2 boards' }).click();
await page.locator('.error-summary').waitFor();
await page.locator('.error-summary').scrollIntoViewIfNeeded();
await shot(page, 'post-error-summary', false);

await page.goto(app(`/postings/${posted[0]!.id}`));
await page.locator('.timeline details').first().waitFor();
await page.locator('.timeline summary').first().click();
await shot(page, 'posting-detail', false);

await page.goto(app(`/vacancies/${nurse.id}/applications`));
await page.locator('figure.chart').waitFor();
await shot(page, 'applications', false);

await page.goto(app('/applications'));
await page.locator('figure.chart').waitFor();
await shot(page, 'applications-over-time', false);

await page.goto(app('/admin/connections'));
await page.locator('.cards').waitFor();
await shot(page, 'admin-connections', false);

await page.setViewportSize({ width: 320, height: 720 });
await page.goto(app('/'));
await page.locator('table.vacancies').waitFor();
await shot(page, 'vacancies-320px', false);

await browser.close();
await t.close();
