import type { LockHolder } from '../main/data-dir-lock.js';
import type { Runtime } from '../main/runtime.js';
import { listConnections } from '../services/connections.js';
import type { Actor } from '../services/deps.js';
import { approvePosting, listApprovals, rejectPosting } from '../services/postings/approvals.js';
import { createPosting } from '../services/postings/create-posting.js';
import { getPosting, listPostingSummaries } from '../services/postings/find-postings.js';
import { updateOutOfDatePostings } from '../services/postings/update-out-of-date.js';
import { getVacancyByReference } from '../services/vacancies/find-vacancies.js';
import { UsageError } from './usage-error.js';

export interface PostingState {
  id: string;
  status: string;
  statusText: string;
  externalId: string | null;
  lastError: { issues?: { field: string; message: string }[] | undefined } | null;
}

export interface PostingRow {
  vacancyReference: string;
  connectionName: string;
  status: string;
  statusText: string;
  externalId: string | null;
  updatedAt: string;
}

/** What `postroom update` did with each out-of-date posting. */
export interface UpdateAllAnswer {
  items: {
    postingId: string;
    boardLabel: string;
    outcome: 'updated' | 'skipped';
    reason: string | null;
    changes: { label: string }[];
  }[];
}

/**
 * What `postroom post`, `postroom update` and `postroom status` need, done either on the database directly or, when a
 * server holds the embedded data directory, through that server's API.
 */
export interface PostingsGateway {
  post(reference: string, connectionName: string, fields: Record<string, unknown>): Promise<PostingState>;
  get(id: string): Promise<PostingState>;
  /** Sends every out-of-date posting of the vacancy its current values. */
  updateAll(reference: string): Promise<UpdateAllAnswer>;
  list(reference: string | undefined, limit: number): Promise<PostingRow[]>;
  /** The posts awaiting approval, oldest first. */
  approvals(): Promise<ApprovalRow[]>;
  /** Approves (or, with a reason, rejects) a post awaiting approval. */
  decide(
    postingId: string,
    decision: { approve: true } | { approve: false; reason: string },
  ): Promise<PostingState>;
}

/** A post awaiting approval, as `postroom approvals` lists it. */
export interface ApprovalRow {
  postingId: string;
  vacancyReference: string;
  connectionName: string;
  reason: string;
  requestedBy: string;
  costPence: number | null;
}

const noConnection = (name: string, names: string[]) =>
  new UsageError(
    `There is no connection called "${name}". Connections: ${names.map((n) => `"${n}"`).join(', ') || 'none yet'}.`,
  );

export function localGateway(runtime: Runtime, actor: Actor): PostingsGateway {
  const deps = runtime.deps;
  return {
    async post(reference, connectionName, fields) {
      const vacancy = await getVacancyByReference(deps, actor, reference);
      const connections = await listConnections(deps, actor);
      const connection = connections.find((c) => c.name.toLowerCase() === connectionName.toLowerCase());
      if (!connection)
        throw noConnection(
          connectionName,
          connections.map((c) => c.name),
        );
      return createPosting(deps, actor, vacancy.id, { connectionId: connection.id, fields });
    },
    get: (id) => getPosting(deps, actor, id),
    approvals: () => listApprovals(deps, actor),
    decide: (id, d) =>
      d.approve ? approvePosting(deps, actor, id) : rejectPosting(deps, actor, id, d.reason),
    async updateAll(reference) {
      const vacancy = await getVacancyByReference(deps, actor, reference);
      return { items: await updateOutOfDatePostings(deps, actor, vacancy.id) };
    },
    async list(reference, limit) {
      if (reference) await getVacancyByReference(deps, actor, reference);
      const rows = await listPostingSummaries(deps, actor, { vacancyReference: reference, limit });
      return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
    },
  };
}

/** The running server's API, reached with the key it wrote in the data directory's lock file. */
export function remoteGateway(
  holder: Required<Pick<LockHolder, 'url' | 'localKey'>>,
  organisation: string | undefined,
): PostingsGateway {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${holder.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer pr_local_${holder.localKey}`,
        ...(organisation ? { 'x-postroom-organisation': organisation } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as T & {
      error?: { message: string; issues: { path: string; message: string }[] };
    };
    if (json.error) {
      throw new UsageError(
        [json.error.message, ...json.error.issues.map((i) => `  - ${i.path}: ${i.message}`)].join('\n'),
      );
    }
    return json;
  };
  const vacancyId = async (reference: string) => {
    const { items } = await call<{ items: { id: string; reference: string }[] }>(
      'GET',
      `/api/v1/vacancies?limit=100&q=${encodeURIComponent(reference)}`,
    );
    const vacancy = items.find((v) => v.reference === reference);
    if (!vacancy) throw new UsageError(`There is no vacancy with the reference "${reference}".`);
    return vacancy.id;
  };
  return {
    async post(reference, connectionName, fields) {
      const id = await vacancyId(reference);
      const connections = (
        await call<{ items: { id: string; name: string }[] }>('GET', '/api/v1/connections')
      ).items;
      const connection = connections.find((c) => c.name.toLowerCase() === connectionName.toLowerCase());
      if (!connection)
        throw noConnection(
          connectionName,
          connections.map((c) => c.name),
        );
      return call<PostingState>('POST', `/api/v1/vacancies/${id}/postings`, {
        connectionId: connection.id,
        fields,
      });
    },
    get: (id) => call<PostingState>('GET', `/api/v1/postings/${id}`),
    approvals: async () => (await call<{ items: ApprovalRow[] }>('GET', '/api/v1/approvals')).items,
    decide: (id, d) =>
      d.approve
        ? call<PostingState>('POST', `/api/v1/postings/${encodeURIComponent(id)}/approve`)
        : call<PostingState>('POST', `/api/v1/postings/${encodeURIComponent(id)}/reject`, {
            reason: d.reason,
          }),
    updateAll: async (reference) =>
      call<UpdateAllAnswer>('POST', `/api/v1/vacancies/${await vacancyId(reference)}/postings/update`),
    async list(reference, limit) {
      const query = new URLSearchParams({
        limit: String(limit),
        ...(reference ? { vacancyReference: reference } : {}),
      });
      return (await call<{ items: PostingRow[] }>('GET', `/api/v1/postings?${query}`)).items;
    },
  };
}
