import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/app.js';
import { databaseMode } from '../../../test/support/db.js';
import { goodImportRow, importCsv } from '../../../test/support/import-file.js';
import { vacancies } from '../../db/schema.js';
import { UNSTORABLE_MESSAGE } from '../../domain/storable-text.js';
import { LIMITS } from '../../domain/vacancy.js';

type ImportBody = {
  dryRun: boolean;
  counts: Record<'created' | 'updated' | 'unchanged' | 'refused', number>;
  rows: {
    row: number;
    reference: string | null;
    outcome: string;
    vacancyId: string | null;
    issues: unknown[];
  }[];
  error?: { code: string; issues: { path: string; message: string }[] };
};

let t: TestContext;
let acme: { id: string; token: string };
let other: { id: string; token: string };

beforeAll(async () => {
  t = await createTestContext();
  acme = await t.organisation('Acme Health');
  other = await t.organisation('Other Trust');
});
afterAll(async () => t.close());

const importFile = async (token: string, body: Record<string, unknown>) => {
  const res = await t.request(token, 'POST', '/api/v1/vacancies/import', body);
  return { status: res.status, body: res.body as ImportBody };
};

const vacancyCount = async (organisationId: string) =>
  (
    await t.database.db
      .select({ n: count() })
      .from(vacancies)
      .where(eq(vacancies.organisationId, organisationId))
  )[0]!.n;

/** Bad rows by their position in the file (row 1 is the header, so position 0 is row 2). */
const BAD: Record<number, [Record<string, string>, string, string]> = {
  10: [{ closingDate: '2026-13-45' }, 'closingDate', 'Closing date must be a date like 2026-12-31'],
  200: [{ title: '' }, 'title', 'Enter the job title'],
  450: [
    { title: 'N'.repeat(LIMITS.title + 1) },
    'title',
    `Job title must be ${LIMITS.title} characters or fewer`,
  ],
  700: [{ summary: 'Ward\u0000 7' }, 'summary', UNSTORABLE_MESSAGE],
  999: [
    { description: '<script>alert(1)</script><img src=x onerror=alert(2)>' },
    'description',
    'Enter the advert text',
  ],
};
const HOSTILE_BUT_READABLE = 500;

function thousandRows() {
  return Array.from({ length: 1000 }, (_, i) => {
    const row = { ...goodImportRow(i), ...(BAD[i]?.[0] ?? {}) };
    if (i === HOSTILE_BUT_READABLE)
      row.description =
        '<p onclick="steal()">Apply <a href="javascript:alert(1)">now</a></p><script>x()</script>';
    return row;
  });
}

describe(`vacancy import (${databaseMode} database)`, { timeout: 240_000 }, () => {
  it('creates the good rows of a 1,000-row CSV, refuses the bad ones by row, field and message, and changes nothing when run again', async () => {
    const csv = importCsv(thousandRows());

    const preview = await importFile(acme.token, { csv, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.counts).toEqual({ created: 995, updated: 0, unchanged: 0, refused: 5 });
    expect(await vacancyCount(acme.id)).toBe(0);

    const first = await importFile(acme.token, { csv });
    expect(first.status).toBe(200);
    expect(first.body.dryRun).toBe(false);
    expect(first.body.counts).toEqual({ created: 995, updated: 0, unchanged: 0, refused: 5 });
    const refused = first.body.rows.filter((r) => r.outcome === 'refused');
    expect(refused).toEqual(
      Object.entries(BAD).map(([i, [, path, message]]) => ({
        row: Number(i) + 2,
        reference: `IMP-${i.padStart(4, '0')}`,
        outcome: 'refused',
        vacancyId: null,
        issues: [{ path, message }],
      })),
    );
    expect(await vacancyCount(acme.id)).toBe(995);

    const hostile = first.body.rows[HOSTILE_BUT_READABLE]!;
    const stored = await t.request(acme.token, 'GET', `/api/v1/vacancies/${hostile.vacancyId}`);
    const description = (stored.body as { description: string }).description;
    expect(description).toContain('Apply');
    expect(description).not.toMatch(/script|onclick|javascript/i);
    const nurse = await t.request(acme.token, 'GET', `/api/v1/vacancies/${first.body.rows[2]!.vacancyId}`);
    expect(nurse.body).toMatchObject({
      reference: 'IMP-0002',
      contractLength: { length: 12, unit: 'months' },
      location: { postcode: 'G4 0SF', country: 'GB' },
      salary: { min: 31049, max: 37796.5, period: 'year' },
      personSpecification: { essential: { qualifications: ['NMC registration', 'Degree in nursing'] } },
    });

    const second = await importFile(acme.token, { csv });
    expect(second.body.counts).toEqual({ created: 0, updated: 0, unchanged: 995, refused: 5 });
    expect(await vacancyCount(acme.id)).toBe(995);
    expect((await t.request(acme.token, 'GET', `/api/v1/vacancies/${hostile.vacancyId}`)).headers.etag).toBe(
      '"1"',
    );
  });

  it('previews a change without writing it, then updates that vacancy alone, clearing emptied cells', async () => {
    const rows = [goodImportRow(1, 'UPD'), goodImportRow(2, 'UPD')];
    await importFile(acme.token, { csv: importCsv(rows) });
    const changed = [{ ...rows[0], title: 'Senior Staff Nurse', summary: '' }, rows[1]!];

    const preview = await importFile(acme.token, { csv: importCsv(changed), dryRun: true });
    expect(preview.body.counts).toEqual({ created: 0, updated: 1, unchanged: 1, refused: 0 });
    const id = preview.body.rows[0]!.vacancyId;
    expect((await t.request(acme.token, 'GET', `/api/v1/vacancies/${id}`)).body).toMatchObject({
      title: 'Staff Nurse 1',
    });

    const done = await importFile(acme.token, { csv: importCsv(changed) });
    expect(done.body.rows.map((r) => r.outcome)).toEqual(['updated', 'unchanged']);
    expect((await t.request(acme.token, 'GET', `/api/v1/vacancies/${id}`)).body).toMatchObject({
      title: 'Senior Staff Nurse',
      summary: null,
      version: 2,
    });
  });

  it('leaves a closed vacancy as it is, refusing a change to it', async () => {
    const row = goodImportRow(1, 'CLOSED');
    const [first] = (await importFile(acme.token, { csv: importCsv([row]) })).body.rows;
    await t.request(acme.token, 'POST', `/api/v1/vacancies/${first!.vacancyId}/close`);
    const same = await importFile(acme.token, { csv: importCsv([row]) });
    expect(same.body.rows[0]?.outcome).toBe('unchanged');
    const changed = await importFile(acme.token, { csv: importCsv([{ ...row, title: 'Reopened' }]) });
    expect(changed.body.rows[0]).toMatchObject({
      outcome: 'refused',
      issues: [
        {
          path: 'reference',
          message: 'Vacancy "CLOSED-0001" is closed and can no longer be edited; copy it to advertise again',
        },
      ],
    });
  });

  it("imports rows in the API's shape, each organisation on its own vacancies", async () => {
    const rows = [
      {
        reference: 'JSON-1',
        title: 'Porter',
        employmentType: 'permanent',
        hours: 'part_time',
        workplace: 'onsite',
      },
      { reference: 'UPD-0001', title: 'Not yours' },
    ].map((r) => ({
      location: { line1: '1 High St', town: 'Glasgow', postcode: 'G2 1DY' },
      description: '<p>Move patients safely.</p>',
      closingDate: '2026-12-31',
      salary: { text: 'Negotiable', period: 'year' },
      employmentType: 'bank',
      hours: 'full_time',
      workplace: 'onsite',
      ...r,
    }));
    const res = await importFile(other.token, { rows });
    expect(res.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    const acmes = await t.database.db
      .select({ title: vacancies.title })
      .from(vacancies)
      .where(and(eq(vacancies.organisationId, acme.id), eq(vacancies.reference, 'UPD-0001')));
    expect(acmes).toEqual([{ title: 'Senior Staff Nurse' }]);
  });

  it('creates each vacancy once when the same file is imported twice at the same time', async () => {
    const team = await t.organisation('Twice Trust');
    const csv = importCsv(Array.from({ length: 250 }, (_, i) => goodImportRow(i, 'RACE')));
    const [a, b] = await Promise.all([importFile(team.token, { csv }), importFile(team.token, { csv })]);
    expect(a!.body.counts.created + b!.body.counts.created).toBe(250);
    for (const [i, row] of a!.body.rows.entries()) {
      const twin = b!.body.rows[i]!;
      // One created it; the other saw it (unchanged) or lost the race on the reference (refused).
      const [first, second] = [row, twin].sort((x, y) => x.outcome.localeCompare(y.outcome));
      expect(first!.outcome).toBe('created');
      expect(['refused', 'unchanged']).toContain(second!.outcome);
      if (second!.outcome === 'refused')
        expect(second!.issues).toEqual([
          { path: 'reference', message: `Reference "${row.reference}" is already used by another vacancy` },
        ]);
    }
    expect(await vacancyCount(team.id)).toBe(250);
  });

  it('refuses a file it cannot read, and a reference given twice, saying where', async () => {
    const unknown = await importFile(acme.token, { csv: 'reference,title,colour\nA-1,Nurse,blue\n' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error?.issues).toEqual([
      { path: 'csv', message: 'Unknown column "colour"; the columns are listed in docs/import.md' },
    ]);
    const neither = await importFile(acme.token, { dryRun: true });
    expect(neither.status).toBe(422);
    expect(neither.body.error?.issues[0]?.path).toBe('csv');

    const twice = await importFile(acme.token, {
      csv: importCsv([goodImportRow(1, 'TWICE'), goodImportRow(1, 'TWICE'), { reference: 'NO-TITLE' }]),
      dryRun: true,
    });
    expect(twice.body.rows[1]).toMatchObject({
      row: 3,
      outcome: 'refused',
      issues: [
        {
          path: 'reference',
          message: 'Reference "TWICE-0001" is also on row 2; each vacancy may be in the file once',
        },
      ],
    });
    expect(twice.body.rows[2]?.issues).toContainEqual({ path: 'title', message: 'Enter the job title' });
  });
});
