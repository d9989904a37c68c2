import { afterEach, describe, expect, it } from 'vitest';
import { validVacancy } from './support/app.js';
import { childEnv, runCli, type ServeProcess, startServe } from './support/cli.js';
import { databaseMode } from './support/db.js';

const running: ServeProcess[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.child.kill('SIGKILL');
});

const NOWHERE = 'http://127.0.0.1:9';

describe(`postroom approvals (${databaseMode} database)`, { timeout: 240_000 }, () => {
  it('lists the posts awaiting approval, rejects one with a reason and approves another', async () => {
    const env = await childEnv({ POSTROOM_DEMO: 'false', POSTROOM_BOARD_URL_ALLOW: NOWHERE });
    await runCli(
      [
        'org',
        'create',
        '--name',
        'Approving Trust',
        '--admin-email',
        'ap@example.org',
        '--admin-password',
        'a long enough password',
      ],
      env,
    );
    const token = async (role: string) =>
      (
        await runCli(['token', 'create', '--org', 'approving-trust', '--name', role, '--role', role], env)
      ).stdout.trim();
    const admin = await token('admin');
    const recruiter = await token('recruiter');
    const server = await startServe(env);
    running.push(server);
    const api = async (who: string, path: string, body?: unknown) =>
      (await (
        await fetch(`${server.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      ).json()) as { id: string; status: string };
    const connection = await api(admin, '/api/v1/connections', {
      board: 's1jobs',
      name: 'S1',
      settings: { username: 'demo-api', password: 'demo-secret', baseUrl: NOWHERE },
      requiresApproval: true,
    });
    const held: string[] = [];
    for (const reference of ['AP-1', 'AP-2']) {
      const vacancy = await api(admin, '/api/v1/vacancies', validVacancy({ reference, category: 'Nursing' }));
      await api(admin, `/api/v1/vacancies/${vacancy.id}/publish`, {});
      const posting = await api(recruiter, `/api/v1/vacancies/${vacancy.id}/postings`, {
        connectionId: connection.id,
      });
      expect(posting.status).toBe('awaiting_approval');
      held.push(posting.id);
    }

    const list = await runCli(['approvals'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean)).toEqual([
      `${held[0]}\tAP-1\tS1\tneeds approval\tAPI token "recruiter"\t`,
      `${held[1]}\tAP-2\tS1\tneeds approval\tAPI token "recruiter"\t`,
    ]);

    const rejected = await runCli(['approvals', 'reject', held[0]!, '--reason', 'Not this month'], env);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(rejected.stdout).toMatch(
      /^rejected\tRejected by .+: Not this month; nothing was sent to s1jobs\n$/,
    );
    const approved = await runCli(['approvals', 'approve', held[1]!], env);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/^(queued|sending|retrying)\t/);
    const again = await runCli(['approvals', 'approve', held[0]!], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(
      'Only a posting awaiting approval can be approved or rejected; this one is rejected.',
    );

    const empty = await runCli(['approvals'], env);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('Nothing is waiting for approval.');
  });
});
