import { api, type BatchResponse, type BatchResult, type PostingSummary, type Vacancy } from '../../api';

/** One item of POST /postings/batch, with the words that name it in the results. */
export interface BulkItem {
  body:
    | { action: 'post'; vacancyId: string; connectionId: string }
    | { action: 'update'; postingId: string }
    | { action: 'close'; postingId: string };
  label: string;
}

export interface BulkOutcome {
  what: string;
  succeeded: number;
  failures: { label: string; reason: string }[];
}

/** The batch endpoint's limit per request. */
const BATCH_LIMIT = 100;

/** Postings that are closed, expired or never went anywhere: nothing to close. */
const DONE = ['closed', 'expired', 'closing'];

export const postItems = (vacancies: Vacancy[], connections: { id: string; name: string }[]): BulkItem[] =>
  vacancies.flatMap((v) =>
    connections.map((c) => ({
      body: { action: 'post' as const, vacancyId: v.id, connectionId: c.id },
      label: `${v.title} (${v.reference}) to ${c.name}`,
    })),
  );

const postingLabel = (p: PostingSummary) =>
  `${p.vacancyTitle} (${p.vacancyReference}) on ${p.connectionName}`;

export const updateItems = (postings: PostingSummary[]): BulkItem[] =>
  postings
    .filter((p) => p.outOfDate)
    .map((p) => ({ body: { action: 'update' as const, postingId: p.id }, label: postingLabel(p) }));

export const closeItems = (postings: PostingSummary[]): BulkItem[] =>
  postings
    .filter((p) => !DONE.includes(p.status))
    .map((p) => ({ body: { action: 'close' as const, postingId: p.id }, label: postingLabel(p) }));

/** Why one item was refused, in the API's words, with each field's problem. */
function reasonOf(result: BatchResult): string {
  const error = result.error;
  if (!error) return `The server answered ${result.status}.`;
  const fields = error.issues.map((i) => `${i.path.replace(/^fields\./, '')}: ${i.message}`);
  return [error.message, ...fields].join(' ');
}

/** Sends the items, 100 a request, and gathers what happened to each. */
export async function runBulk(what: string, items: BulkItem[]): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { what, succeeded: 0, failures: [] };
  for (let start = 0; start < items.length; start += BATCH_LIMIT) {
    const chunk = items.slice(start, start + BATCH_LIMIT);
    const answer = await api<BatchResponse>('POST', '/postings/batch', {
      items: chunk.map((i) => i.body),
    });
    outcome.succeeded += answer.succeeded;
    for (const result of answer.results) {
      if (result.status !== 202)
        outcome.failures.push({ label: chunk[result.index]?.label ?? '', reason: reasonOf(result) });
    }
  }
  return outcome;
}
