import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS, tvSandbox } from './sandbox.js';

// The sandbox answers as docs/boards/teaching-vacancies.md says TV does ("Responses", "Lifecycle").

const NOW = new Date('2030-06-14T09:30:00.000Z');
const API = '/ats-api/v1';
const SUFFIX = / in schema [0-9a-f-]+$/;

function body(overrides: Record<string, unknown> = {}) {
  return {
    vacancy: {
      job_title: 'Class Teacher',
      job_advert: 'Teach Year 3.',
      external_advert_url: 'https://jobs.example/apply',
      external_reference: 'oak/TCH-1',
      expires_at: '2030-07-05T09:00:00',
      salary: 'MPS',
      contract_type: 'permanent',
      working_patterns: ['full_time'],
      job_roles: ['teacher'],
      phases: ['primary'],
      schools: { school_urns: ['137138'] },
      ...overrides,
    },
  };
}

describe('Teaching Vacancies sandbox', () => {
  let app: FastifyInstance;
  let now = NOW;
  const call = (method: string, path: string, payload?: unknown, key: string | null = SANDBOX_KEYS.demo) =>
    app.inject({
      method: method as 'GET',
      url: `${API}${path}`,
      headers: key ? { 'x-api-key': key } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await call('POST', '/vacancies', body(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };

  beforeEach(async () => {
    now = NOW;
    app = Fastify();
    await app.register(tvSandbox, { now: () => now, perMinute: 50 });
  });
  afterEach(() => app.close());

  it('refuses a missing or unknown key before anything else', async () => {
    for (const key of [null, 'f'.repeat(40)]) {
      const response = await call('POST', '/vacancies', { nonsense: true }, key);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ errors: ['Invalid API key'] });
    }
  });

  it("answers schema problems with the gem's messages", async () => {
    const missing = await call('POST', '/vacancies', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatch(
      /^The property '#\/' did not contain a required property of 'vacancy' in schema /,
    );
    const { expires_at: _, ...noExpiry } = body().vacancy;
    const required = await call('POST', '/vacancies', { vacancy: noExpiry });
    expect(required.json().errors).toEqual([
      expect.stringMatching(/^The property '#\/vacancy' did not contain a required property of 'expires_at'/),
    ]);
    const phase = await call('POST', '/vacancies', body({ phases: ['x'] }));
    expect(phase.json().errors[0].replace(SUFFIX, '')).toBe(
      'The property \'#/vacancy/phases/0\' value "x" did not match one of the following values: nursery, primary, secondary, sixth_form_or_college, through',
    );
  });

  it('checks in order: schema, then id, then schools, then conflict, then the model', async () => {
    expect((await call('PUT', '/vacancies/nope', { vacancy: {} })).statusCode).toBe(400);
    expect((await call('PUT', '/vacancies/nope', body())).statusCode).toBe(404);
    expect(
      (await call('POST', '/vacancies', body({ schools: { school_urns: ['999999'] }, salary: '' }))).json(),
    ).toEqual({
      errors: ['No valid organisations found'],
    });
    await create();
    const conflict = await call('POST', '/vacancies', body({ job_title: 'x'.repeat(80), salary: '' }));
    expect(conflict.statusCode).toBe(409);
  });

  it('matches schools as TV does', async () => {
    const post = (schools: unknown) =>
      call('POST', '/vacancies', body({ schools, external_reference: `r-${Math.random()}` }));
    expect((await post({ school_urns: ['100001'] })).json()).toEqual({
      errors: ["School type 'Other independent school' is not eligible to post vacancies"],
    });
    expect((await post({ school_urns: ['130400'] })).json()).toEqual({
      errors: ['No valid organisations found'],
    });
    expect((await post({ school_urns: ['130400', '999999', '137138'] })).statusCode).toBe(201);
    expect((await post({ trust_uid: '16644', school_urns: ['100000'] })).statusCode).toBe(422);
    const office = await post({ trust_uid: '16644' });
    const view = await call('GET', `/vacancies/${office.json().id}`);
    expect(view.json().schools).toEqual({ school_urns: [], trust_uid: '16644' });
    expect((await post({ trust_uid: 16644 })).statusCode).toBe(400);
  });

  it("answers the model's messages", async () => {
    const errors = async (overrides: Record<string, unknown>) =>
      (await call('POST', '/vacancies', body(overrides))).json().errors;
    expect(await errors({ job_title: 'x'.repeat(76) })).toEqual([
      'job_title: must be 75 characters or fewer',
    ]);
    expect(await errors({ job_title: '' })).toEqual(["job_title: can't be blank"]);
    expect(await errors({ salary: ' ' })).toEqual(['salary: Enter full-time salary']);
    expect(await errors({ external_reference: '' })).toEqual([
      'external_reference: Enter an external reference',
    ]);
    expect(await errors({ expires_at: '2030-06-14T23:00:00' })).toEqual([
      'expires_at: must be a future date',
    ]);
    expect(await errors({ publish_on: '2030-07-05' })).toEqual([
      'expires_at: must be at least one day after the publish date',
    ]);
  });

  it('reads expires_at in UK time and shows it with its offset; public_url only while live', async () => {
    const id = await create({ starts_on: '04/09/2030', unknown_key: 'dropped' });
    const view = (await call('GET', `/vacancies/${id}`)).json();
    expect(view.expires_at).toBe('2030-07-05T09:00:00.000+01:00');
    expect(view.starts_on).toBe('2030-09-04');
    expect(view.public_url).toMatch(new RegExp(`/jobs/${id}$`));
    expect(view).not.toHaveProperty('unknown_key');
    const later = await create({
      external_reference: 'oak/TCH-2',
      publish_on: '2030-06-20',
      expires_at: '2030-12-01',
    });
    const scheduled = (await call('GET', `/vacancies/${later}`)).json();
    expect(scheduled.public_url).toBeNull();
    expect(scheduled.expires_at).toBe('2030-12-01T00:00:00.000+00:00');
  });

  it('refuses a second create with the same reference with 409 and a link; a replay gets the content message', async () => {
    const id = await create();
    const other = await call('POST', '/vacancies', body({ job_title: 'Other' }));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toEqual({
      errors: ['A vacancy with the provided ATS client ID and external reference already exists.'],
      meta: { link: `http://localhost:80${API}/vacancies/${id}` },
    });
    const replay = await call('POST', '/vacancies', body());
    expect(replay.json().errors[0]).toMatch(/^A vacancy with the same job title, expiry date/);
    expect(replay.json().meta.link).toMatch(new RegExp(`/vacancies/${id}$`));
    // Another key may use the same reference, and cannot read this one.
    expect((await call('GET', `/vacancies/${id}`, undefined, SANDBOX_KEYS.other)).statusCode).toBe(404);
  });

  it('updates with a full PUT (PATCH alike), keeps optional fields left out, and soft-deletes', async () => {
    const id = await create({ benefits_details: 'TLR2a' });
    const patch = await call('PATCH', `/vacancies/${id}`, { vacancy: { salary: 'UPS' } });
    expect(patch.statusCode).toBe(400);
    const put = await call('PUT', `/vacancies/${id}`, body({ salary: 'UPS' }));
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ salary: 'UPS', benefits_details: 'TLR2a' });
    expect((await call('DELETE', `/vacancies/${id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/vacancies/${id}`)).statusCode).toBe(404);
    expect((await call('GET', `/vacancies/${id}`)).json()).toEqual({
      errors: ['The given ID does not match any vacancy for your ATS'],
    });
    expect(await create()).not.toBe(id);
  });

  it('lists 100 a page, newest publish_on first, a page past the end giving the last', async () => {
    await app.close();
    app = Fastify();
    await app.register(tvSandbox, { now: () => now, perMinute: 1000 });
    for (let i = 0; i < 101; i++)
      await create({
        external_reference: `r-${i}`,
        salary: `MPS ${i}`,
        publish_on: i === 100 ? '2030-06-20' : '2030-06-14',
      });
    const first = (await call('GET', '/vacancies?page=1')).json();
    expect(first.meta).toEqual({ totalPages: 2, count: 101 });
    expect(first.vacancies).toHaveLength(100);
    expect(first.vacancies[0].external_reference).toBe('r-100');
    const past = (await call('GET', '/vacancies?page=7')).json();
    expect(past.vacancies).toHaveLength(1);
  });

  it('limits each key per fixed minute with a plain-text 429 and no Retry-After', async () => {
    for (let i = 0; i < 50; i++) expect((await call('GET', '/vacancies')).statusCode).toBe(200);
    const limited = await call('GET', '/vacancies');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/plain/);
    expect(limited.headers['retry-after']).toBeUndefined();
    expect(limited.body).toBe('Retry later\n');
    expect((await call('GET', '/vacancies', undefined, SANDBOX_KEYS.other)).statusCode).toBe(200);
    // The next fixed window (whole minutes of the epoch clock).
    now = new Date(NOW.getTime() + 60_000);
    expect((await call('GET', '/vacancies')).statusCode).toBe(200);
  });
});
