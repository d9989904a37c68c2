import type { ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listBoards } from '../src/boards/registry.js';
import { validVacancy } from './support/app.js';
import { childEnv, endChildren, runCli, type ServeProcess, startServe, startUntil } from './support/cli.js';
import { databaseMode } from './support/db.js';

/**
 * Exactly once under faults: boards that fail, time out after doing the work, drop connections and
 * rate-limit, while the worker is killed (SIGKILL) and restarted. At the end every posting has
 * settled with a reason, every posted advert is on its board once, and no board holds two adverts
 * with the same reference. The sandboxes run as processes of their own, so they outlive the kills.
 * Every registered board takes part, through its sandbox's own account (`sandbox.demoSettings`).
 * A board with no way to find an advert again (Reed) leaves a lost answer `uncertain`: never posted
 * twice, and never posted without Postroom knowing.
 */

const BOARDS = listBoards();
/** 300 postings in all, spread over the boards. */
const VACANCIES = Number(process.env.FAULT_VACANCIES ?? Math.ceil(300 / BOARDS.length));
const TOTAL = VACANCIES * BOARDS.length;
const FAULTS = {
  errorRate: 0.2,
  timeoutRate: 0.1,
  resetRate: 0.05,
  rateLimitRate: 0.05,
  retryAfterSeconds: 1,
};
const ABOUT =
  'Fault Trust provides acute, community and mental health services to 600,000 people across the west of Scotland.';
const children: ChildProcess[] = [];
const started = Date.now();
/** With FAULT_PROGRESS=<file>, the phases and their times are written there (to see where a slow run spends it). */
const progress = (line: string) => {
  if (process.env.FAULT_PROGRESS)
    appendFileSync(process.env.FAULT_PROGRESS, `${((Date.now() - started) / 1000).toFixed(1)}s ${line}\n`);
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  endChildren();
});

/** A `postroom` process, ready once its output matches (see startUntil: no fixed time limit). */
function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return startUntil(args, env, ready).then(({ child, match }) => {
    children.push(child);
    return { child, match };
  });
}

const sandbox = (board: string, env: Record<string, string>) =>
  startProcess(
    ['sandbox', board, '--port', '0', '--faults', JSON.stringify(FAULTS)],
    env,
    /listening at (http:\/\/\S+)/,
  ).then((r) => r.match[1]!);

async function withRetries<T>(action: () => Promise<T>, tries = 100): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await action();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe(`exactly once under faults and worker kills (${databaseMode} database)`, () => {
  it('settles 300 postings with no advert lost or sent twice', async () => {
    const env = await childEnv({
      POSTROOM_DEMO: 'false',
      LOG_LEVEL: 'error',
      POSTROOM_RETRY_BASE_MS: '100',
      POSTROOM_RETRY_MAX_ATTEMPTS: '12',
      POSTROOM_BOARD_TIMEOUT_MS: '1000',
      POSTROOM_JOB_EXPIRY_SECONDS: '2',
      POSTROOM_QUEUE_MAINTENANCE_SECONDS: '1',
      POSTROOM_POLL_MS: '100',
    });
    progress('start');
    const sandboxUrls = await Promise.all(BOARDS.map((board) => sandbox(board.id, env)));
    // The sandboxes run as processes of their own, on loopback: the operator allows them by address.
    env.POSTROOM_BOARD_URL_ALLOW = sandboxUrls.map((url) => new URL(url).origin).join(',');

    expect(
      (
        await runCli(
          [
            'org',
            'create',
            '--name',
            'Fault Trust',
            '--admin-email',
            'f@example.org',
            '--admin-password',
            'long enough password',
          ],
          env,
        )
      ).code,
    ).toBe(0);
    const token = (
      await runCli(['token', 'create', '--org', 'fault-trust', '--name', 'test'], env)
    ).stdout.trim();

    // The worker to kill: in embedded mode the server itself (PGlite is one process); on PostgreSQL a worker of its own.
    const separateWorker = databaseMode === 'server';
    let server: ServeProcess = await startServe(env, separateWorker ? { args: ['--no-worker'] } : {});
    children.push(server.child);
    const startWorker = () => startProcess(['worker'], env, /worker is running/).then((r) => r.child);
    let worker: ChildProcess | null = separateWorker ? await startWorker() : null;

    let base = server.url;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    await api('PATCH', '/api/v1/organisation', { about: ABOUT, replyToEmail: 'jobs@fault.example' });
    const targets: [connectionId: string, fields: Record<string, unknown>][] = [];
    for (const [i, board] of BOARDS.entries()) {
      const connection = await api('POST', '/api/v1/connections', {
        board: board.id,
        name: board.label,
        settings: board.sandbox.demoSettings(sandboxUrls[i]!),
      });
      expect(connection.status, JSON.stringify(connection.body)).toBe(201);
      targets.push([connection.body.id as string, board.sandbox.benchFields ?? {}]);
    }

    // Each vacancy posted to every board: 300 postings, posted in parallel.
    const refs = Array.from({ length: VACANCIES }, (_, i) => `FAULT-${String(i).padStart(3, '0')}`);
    const postingIds: string[] = [];
    const queue = [...refs];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let ref = queue.shift(); ref; ref = queue.shift()) {
          const created = await api(
            'POST',
            '/api/v1/vacancies',
            validVacancy({
              reference: ref,
              // Teaching Vacancies refuses a second advert with the same title, dates and pay.
              title: `Staff Nurse (${ref})`,
              closingDate: inDays(20),
              summary: `${ABOUT} Join us.`,
              description: `<p>${ABOUT}</p><p>Assess, plan and evaluate the care of adults on a busy acute ward.</p>`,
              personSpecification: {
                essential: {
                  qualifications: ['NMC registration'],
                  experience: [],
                  skills: ['Clinical assessment'],
                },
                desirable: { qualifications: [], experience: [], skills: [] },
              },
              category: 'Nursing',
            }),
          );
          expect(created.status).toBe(201);
          const id = created.body.id as string;
          expect((await api('POST', `/api/v1/vacancies/${id}/publish`)).status).toBe(200);
          for (const [connectionId, fields] of targets) {
            const posted = await api('POST', `/api/v1/vacancies/${id}/postings`, { connectionId, fields });
            expect(posted.status, JSON.stringify(posted.body)).toBe(202);
            postingIds.push(posted.body.id as string);
          }
        }
      }),
    );
    expect(postingIds).toHaveLength(TOTAL);
    progress(`${postingIds.length} postings accepted`);

    // Kill the worker three times while it works, and start it again.
    for (let kill = 0; kill < 3; kill++) {
      progress(`kill ${kill + 1}`);
      await new Promise((r) => setTimeout(r, 1500));
      if (separateWorker) {
        worker?.kill('SIGKILL');
        worker = await startWorker();
      } else {
        server.child.kill('SIGKILL');
        await server.exited;
        server = await startServe(env);
        children.push(server.child);
        base = server.url;
      }
    }

    // Wait until every posting has settled. A board that answers later (a daily import) leaves a
    // delivered advert `sent` until its report is read: it is on its way to the board, once.
    const onItsBoard = ['posted', 'sent'];
    const settled = [...onItsBoard, 'failed', 'uncertain'];
    let postings: Record<string, unknown>[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      const list = await withRetries(() => api('GET', '/api/v1/postings?limit=500'));
      postings = list.body.items as Record<string, unknown>[];
      const counts: Record<string, number> = {};
      for (const p of postings) counts[p.status as string] = (counts[p.status as string] ?? 0) + 1;
      progress(JSON.stringify(counts));
      if (postings.length === TOTAL && postings.every((p) => settled.includes(p.status as string))) break;
      if (Date.now() > deadline) {
        const waiting = postings.filter((p) => !settled.includes(p.status as string));
        throw new Error(`${waiting.length} postings did not settle: ${JSON.stringify(waiting.slice(0, 3))}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }

    // Every settled posting has a reason; posted ones are on their board exactly once.
    for (const p of postings.filter((x) => !onItsBoard.includes(x.status as string)))
      expect(p.statusText).toMatch(/^(Failed: |Check on ).{20,}/);
    const adverts = (
      await Promise.all(
        BOARDS.map(async (board, i) =>
          (await board.sandbox.adverts(sandboxUrls[i]!)).map((a) => ({ board: board.id, ...a })),
        ),
      )
    ).flat();
    const perReference = new Map<string, number>();
    for (const a of adverts)
      perReference.set(`${a.board}:${a.reference}`, (perReference.get(`${a.board}:${a.reference}`) ?? 0) + 1);
    expect([...perReference.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(adverts.filter((a) => a.createCount !== 1)).toEqual([]);
    for (const p of postings.filter((x) => x.status === 'posted')) {
      const onBoard = adverts.filter((a) => a.board === p.board && a.reference === p.vacancyReference);
      expect(onBoard.map((a) => a.id)).toEqual([p.externalId]);
    }
    // Nothing on a board that Postroom does not know as posted or sent (an advert it lost).
    const posted = new Set(
      postings
        .filter((p) => onItsBoard.includes(p.status as string))
        .map((p) => `${p.board}:${p.vacancyReference}`),
    );
    const unknownToPostroom = adverts.filter((a) => !posted.has(`${a.board}:${a.reference}`));
    const uncertain = new Set(
      postings.filter((p) => p.status === 'uncertain').map((p) => `${p.board}:${p.vacancyReference}`),
    );
    expect(unknownToPostroom.filter((a) => !uncertain.has(`${a.board}:${a.reference}`))).toEqual([]);
    // Most postings get through the faults on a board that can look an advert up. One that cannot
    // (Reed, StepStone) leaves every lost answer (a call in six here, more on a slow machine) to a
    // person: those postings are uncertain, and a few still get through. About 43 postings a board:
    // the share posted varies by several points from run to run (DWP's was 69.8% on a slow CI run).
    for (const board of BOARDS) {
      const mine = postings.filter((p) => p.board === board.id);
      const share = (status: string) =>
        mine.filter((p) => (status === 'posted' ? onItsBoard : [status]).includes(p.status as string))
          .length / VACANCIES;
      progress(
        `${board.id}: ${(share('posted') * 100).toFixed(0)}% posted, ${(share('uncertain') * 100).toFixed(0)}% uncertain`,
      );
      // Why the others are not on their board, so that a failure says what went wrong.
      const why = [
        ...new Set(
          mine
            .filter((p) => !onItsBoard.includes(p.status as string))
            .map((p) => `${p.status}: ${p.statusText}`),
        ),
      ];
      for (const line of why) progress(`  ${board.id} ${line}`);
      const label = `${board.id} posted (others: ${why.slice(0, 5).join(' | ') || 'none'})`;
      // A board with no call to find an advert leaves a lost create uncertain, never posted twice.
      if (board.canLookUp === false) expect(share('posted') + share('uncertain'), label).toBeGreaterThan(0.6);
      else expect(share('posted'), label).toBeGreaterThan(0.6);
      expect(share('posted'), `${board.id} posted`).toBeGreaterThan(0.1);
    }
  }, 180_000);
});
