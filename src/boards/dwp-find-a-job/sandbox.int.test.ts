import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dwpFindAJobBoard as board } from './index.js';
import { sftpCalls, withSftp } from './sftp.js';

// The sandbox as a witness: raw files written over SFTP (no adapter in between), judged by its own
// reading of docs/boards/dwp-find-a-job.md, and the report it writes into Outbound/.

let app: FastifyInstance;
let baseUrl: string;
let target: { host: string; port: number; hostKey: string; username: string; password: string };
let counter = 0;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const control = (path: string, body: unknown = {}) =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const vacancy = (code: string, parts: { postcode?: string; expiry?: string; type?: string } = {}) => `
  <Vacancy vacancyRefCode="${code}">
    <Title>Porter</Title><Description>Moving patients safely.</Description>
    <Location><City>Glasgow</City>${parts.postcode === '' ? '' : `<PostalCode>${parts.postcode ?? 'G4 0SF'}</PostalCode>`}</Location>
    ${parts.expiry ? `<VacancyExpiry>${parts.expiry}</VacancyExpiry>` : ''}
    <VacancyType id="${parts.type ?? '1'}"/><VacancyStatus id="1"/><VacancyCategory id="27"/>
    <ApplyMethod id="2"/><ApplyUrl>https://example.org/apply</ApplyUrl>
  </Vacancy>`;
const upload = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Vacancies>${body}</Vacancies>`;

/** Writes a file into Inbound/, runs the import, and returns its report. */
async function imported(content: string, kind = 'upload'): Promise<string> {
  const name = `raw-${kind}-${++counter}.xml`;
  await withSftp(target, { timeoutMs: 5_000 }, (sftp) => sftpCalls(sftp).write(`Inbound/${name}`, content));
  await control('/_import');
  return withSftp(target, { timeoutMs: 5_000 }, (sftp) =>
    sftpCalls(sftp).read(`Outbound/${name.replace('.xml', '')}-report.xml`),
  );
}

beforeAll(async () => {
  app = Fastify();
  await app.register(board.sandbox.plugin, { prefix: '/sandbox/dwp-find-a-job' });
  baseUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/dwp-find-a-job`;
  const sftp = (await fetch(`${baseUrl}/_sftp`).then((r) => r.json())) as {
    host: string;
    port: number;
    hostKey: string;
  };
  target = { ...sftp, username: 'demo', password: 'demo-find-a-job-password' };
});
afterAll(() => app.close());
beforeEach(async () => {
  await control('/_faults', {});
  await control('/_settings', { today: null, importIntervalMs: 0 });
});

describe('the Find a job sandbox judges each advert of a file', () => {
  it('accepts a good advert, refuses one without a postcode or with an unknown type, each with its reason', async () => {
    const report = await imported(
      upload(vacancy('RAW-OK') + vacancy('RAW-NOPC', { postcode: '' }) + vacancy('RAW-TYPE', { type: '9' })),
    );
    expect(report).toContain('<Vacancy vacancyRefCode="RAW-OK" result="Success"/>');
    expect(report).toContain(
      '<Vacancy vacancyRefCode="RAW-NOPC" result="Failure"><Reason>PostalCode is mandatory</Reason></Vacancy>',
    );
    expect(report).toContain('<Reason>VacancyType id is not a known value</Reason>');
  });

  it("refuses a VacancyExpiry outside DWP's window with DWP's words, and never extends past posting + 30 days", async () => {
    const message = 'Closing date must be between posting/editing date +1 day and posting date +30 days';
    expect(await imported(upload(vacancy('RAW-EXP0', { expiry: inDays(0) })))).toContain(message);
    expect(await imported(upload(vacancy('RAW-EXP31', { expiry: inDays(31) })))).toContain(message);
    expect(await imported(upload(vacancy('RAW-EXP', { expiry: inDays(30) })))).toContain('result="Success"');
    // Ten days later the same code may not run past its original posting date + 30.
    await control('/_settings', { today: inDays(10) });
    expect(await imported(upload(vacancy('RAW-EXP', { expiry: inDays(35) })))).toContain(message);
    expect(await imported(upload(vacancy('RAW-EXP', { expiry: inDays(30) })))).toContain('result="Success"');
  });

  it('refuses a whole file that is not well-formed XML, or has an unknown root', async () => {
    expect(await imported('<Vacancies><Vacancy>')).toMatch(/<FileError>The file is not well-formed XML/);
    expect(await imported('<?xml version="1.0"?><Jobs/>')).toContain(
      '<FileError>The root element must be Vacancies or ExpireVacancies, not Jobs</FileError>',
    );
  });

  it('expires an advert by an expire file, and refuses its code afterwards', async () => {
    await imported(upload(vacancy('RAW-GONE')));
    const expiry = await imported(
      '<?xml version="1.0"?><ExpireVacancies><ExpireVacancy vacancyRefCode="RAW-GONE"/></ExpireVacancies>',
      'expire',
    );
    expect(expiry).toMatch(/^<\?xml[^>]*>\n<BulkExpiryReport /);
    expect(expiry).toContain('<Vacancy vacancyRefCode="RAW-GONE" result="Success"/>');
    expect(await imported(upload(vacancy('RAW-GONE')))).toContain('cannot be used again');
  });

  it('keeps files per account, refuses uploads outside Inbound/ and wrong passwords', async () => {
    const wrong = await withSftp(
      { ...target, password: 'nope' },
      { timeoutMs: 5_000 },
      async () => 'in',
    ).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ reason: 'auth' });
    const outside = await withSftp(target, { timeoutMs: 5_000 }, (sftp) =>
      sftpCalls(sftp).write('Outbound/forged-report.xml', '<x/>'),
    ).catch((e: unknown) => e);
    expect(outside).toMatchObject({ code: 3 });
  });
});
