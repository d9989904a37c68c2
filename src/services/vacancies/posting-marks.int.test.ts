import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectSandbox,
  createTestContext,
  liveVacancy,
  type TestContext,
} from '../../../test/support/app.js';
import { databaseMode } from '../../../test/support/db.js';
import { postings } from '../../db/schema.js';
import { postingBits } from './posting-marks.js';
import { loadVacancyIndex } from './vacancy-index.js';

// The marks a keyword search's posting filters read (posting-marks.ts): kept per organisation, read
// again only for what changed. Whatever is kept, a search answers as the postings are now.

const ABOUT =
  'Marks NHS Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';

let t: TestContext;
let org: { id: string; token: string };
let postingId: string;

beforeAll(async () => {
  t = await createTestContext({ pipeline: true });
  org = await t.organisation('Marks Trust');
  await t.request(org.token, 'PATCH', '/api/v1/organisation', {
    about: ABOUT,
    replyToEmail: 'jobs@m.example',
  });
  const connectionId = await connectSandbox(t, org.token, 's1jobs');
  const vacancy = await liveVacancy(t, org.token, {
    reference: 'MARKS-1',
    summary: `${ABOUT} A friendly ward.`,
    description: `<p>${ABOUT} You join a friendly ward team caring for adults after surgery.</p>`,
    category: 'Nursing',
  });
  // Scheduled a day ahead, so that it stays as it is (no worker runs here).
  const posted = await t.request(org.token, 'POST', `/api/v1/vacancies/${vacancy.id}/postings`, {
    connectionId,
    scheduleAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  postingId = (posted.body as { id: string }).id;
});
afterAll(async () => t.close());

const setStatus = (status: 'failed' | 'scheduled') =>
  t.deps.db.update(postings).set({ status }).where(eq(postings.id, postingId));

/** Whether the organisation's one vacancy has a posting in `status`, as the marks say. */
async function has(status: 'failed' | 'scheduled', organisationId = org.id): Promise<boolean> {
  const index = await loadVacancyIndex(t.deps.db, organisationId);
  const bits = await postingBits(t.deps, organisationId, { postingStatus: status }, index);
  return bits[0] === 1;
}

describe("a keyword search's posting marks", () => {
  // Embedded, statements run in the order they are sent: the first read, the change, then the read
  // the second call waits for. (On a server they run at once, and the change may commit after both.)
  it.runIf(databaseMode === 'embedded')(
    'sees a change sent while an earlier read was under way: a call then waits for the next read',
    async () => {
      expect(await has('scheduled')).toBe(true);
      const index = await loadVacancyIndex(t.deps.db, org.id);
      // A read starts; the change is sent after it; a second call comes while the read runs.
      const first = postingBits(t.deps, org.id, { postingStatus: 'failed' }, index);
      const change = setStatus('failed');
      const second = postingBits(t.deps, org.id, { postingStatus: 'failed' }, index);
      await change;
      expect((await second)[0]).toBe(1);
      await first;
      expect(await has('scheduled')).toBe(false);
      await setStatus('scheduled');
    },
  );

  it("reads an organisation's marks afresh after 200 others pushed them out, with what changed meanwhile", async () => {
    await setStatus('scheduled');
    expect(await has('scheduled')).toBe(true);
    expect(await has('failed')).toBe(false);
    // 200 other organisations searched since (none has a posting): this one's marks are dropped.
    for (let i = 0; i < 200; i++) await has('scheduled', randomUUID());
    await setStatus('failed');
    expect(await has('failed')).toBe(true);
    expect(await has('scheduled')).toBe(false);
    await setStatus('scheduled');
    expect(await has('scheduled')).toBe(true);
  });
});
