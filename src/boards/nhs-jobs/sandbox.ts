import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ukDate } from '../../domain/vacancy.js';
import { installFaults } from '../sandbox/faults.js';
import { EMPLOYER_PATH, employerPages } from './sandbox-employer.js';
import { sandboxProblems } from './sandbox-rules.js';

/**
 * A fake of the NHS Jobs draft-vacancy API, faithful to the wire format of the board contract
 * (docs/boards/nhs-jobs.md, "Wire format" and "Sandbox"): same paths, headers, rules, messages and status
 * codes, with state in memory. Its rules are its own reading of the board's document
 * (sandbox-rules.ts), not the adapter's. Register it with a prefix (`/sandbox/nhs-jobs` under
 * `postroom serve`, or standalone). A draft's link opens the employer's page (sandbox-employer.ts),
 * where a person publishes it by clicking. Test endpoints: `GET /_inspect/drafts`,
 * `POST /_inspect/drafts/:id/publish` (what the employer does in NHS Jobs), `POST
 * /_inspect/drafts/:id/close`, `POST /_inspect/reset`, and `GET|POST /_faults`.
 */

/** The accounts NHS Jobs has issued in the sandbox: one demo employer and one other. */
export const SANDBOX_ACCOUNTS = [
  { organisationId: 'DEMO-ORG', accountId: 'DEMO-ACCOUNT', apiKey: 'demo-nhs-key' },
  { organisationId: 'OTHER-ORG', accountId: 'OTHER-ACCOUNT', apiKey: 'other-nhs-key' },
] as const;
type Account = (typeof SANDBOX_ACCOUNTS)[number];

const DRAFTS_PATH = '/api/v1/organisations/:organisationId/vacancy-drafts';

export type DraftStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED';

/** A stored draft, as `GET /_inspect/drafts` shows it. */
export interface StoredDraft {
  id: string;
  organisationId: string;
  accountId: string;
  body: Record<string, unknown>;
  status: DraftStatus;
  /** How many creates carried this draft's reference: more than 1 means duplicate creates were tried. */
  createCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface NhsJobsSandboxOptions {
  /** Draws fault rolls; pass a seeded one for repeatable benchmarks. */
  random?: () => number;
  /** The clock: "today" for the closing-date rule and the timestamps. */
  now?: () => Date;
}

/** The methods the sandbox answers on a path (an API path, or an employer page). */
function allowedMethods(path: string): string[] {
  const segment = '[^/]+';
  const drafts = `/api/v1/organisations/${segment}/vacancy-drafts`;
  const routes: [RegExp, string[]][] = [
    [new RegExp(`^${drafts}/?$`), ['GET', 'POST']],
    [new RegExp(`^${drafts}/${segment}/?$`), ['GET', 'PUT']],
    [new RegExp(`^${EMPLOYER_PATH}/${segment}$`), ['GET']],
    [new RegExp(`^${EMPLOYER_PATH}/${segment}/(publish|close)$`), ['POST']],
  ];
  return routes.find(([pattern]) => pattern.test(path))?.[1] ?? [];
}

type OrganisationParams = { organisationId: string };
type DraftParams = { organisationId: string; id: string };

export async function nhsJobsSandbox(
  app: FastifyInstance,
  options: NhsJobsSandboxOptions = {},
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const drafts = new Map<string, StoredDraft>();
  const accounts = new WeakMap<FastifyRequest, Account>();

  installFaults(app, (request) => request.url.includes('/api/'), options.random);

  // One error envelope for what Fastify refuses before a handler runs (malformed JSON, wrong type).
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 400) {
      const message = error.code?.startsWith('FST_ERR_CTP')
        ? 'The request body is not valid JSON.'
        : error.message;
      return reply.status(400).send({ errors: [{ field: 'body', message }] });
    }
    if (status >= 400 && status < 500) return reply.status(status).send({ error: error.message });
    app.log.error(error);
    return reply.status(500).send({ error: 'Internal error' });
  });

  // A method or path the API does not have gets the board's own error shape, not Fastify's.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = allowedMethods(path.slice(app.prefix.length));
    if (allowed.length === 0) return reply.status(404).send({ error: 'NOT_FOUND' });
    return reply
      .status(405)
      .header('allow', allowed.join(', '))
      .send({ error: `${request.method} is not allowed here; use ${allowed.join(' or ')}.` });
  });

  /** Bearer key → account (401), then the account must own the organisation path and the X-Account-Id (403). */
  const authenticate = async (
    request: FastifyRequest<{ Params: OrganisationParams }>,
    reply: FastifyReply,
  ) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const account = SANDBOX_ACCOUNTS.find((a) => a.apiKey === match?.[1]);
    if (!account) return reply.status(401).send({ error: 'Missing or invalid API key.' });
    const accountId = request.headers['x-account-id'];
    if (request.params.organisationId !== account.organisationId || accountId !== account.accountId) {
      return reply.status(403).send({
        error: 'This account is not enabled for this organisation: check the Organisation ID and Account ID.',
      });
    }
    accounts.set(request, account);
  };
  const accountOf = (request: FastifyRequest) => accounts.get(request)!;

  const ownedBy = (draft: StoredDraft | undefined, account: Account) =>
    draft && draft.organisationId === account.organisationId && draft.accountId === account.accountId
      ? draft
      : undefined;
  const withReference = (account: Account, reference: string) =>
    [...drafts.values()].filter((d) => ownedBy(d, account) && d.body.jobReference === reference);
  // The draft link leads to this sandbox's own employer page, at the address the request came to.
  const view = (draft: StoredDraft, request: FastifyRequest) => ({
    ...draft.body,
    id: draft.id,
    jobReference: draft.body.jobReference,
    status: draft.status,
    url: `${request.protocol}://${request.host}${app.prefix}${EMPLOYER_PATH}/${draft.id}`,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
  });
  const invalid = (reply: FastifyReply, body: unknown) => {
    const errors = sandboxProblems(body, ukDate(now()));
    return errors.length > 0 ? reply.status(400).send({ errors }) : undefined;
  };

  app.post<{ Params: OrganisationParams }>(
    DRAFTS_PATH,
    { onRequest: authenticate },
    async (request, reply) => {
      const account = accountOf(request);
      if (invalid(reply, request.body)) return reply;
      const body = request.body as Record<string, unknown>;
      const reference = String(body.jobReference).trim();
      // A retried create finds the draft it made the first time: the reference is unique per account.
      const existing = withReference(account, reference)[0];
      if (existing) {
        existing.createCount += 1;
        return reply.status(409).send({ error: 'DUPLICATE_REFERENCE', id: existing.id });
      }
      const at = now().toISOString();
      const draft: StoredDraft = {
        id: randomUUID(),
        organisationId: account.organisationId,
        accountId: account.accountId,
        body: { ...body, jobReference: reference },
        status: 'DRAFT',
        createCount: 1,
        createdAt: at,
        updatedAt: at,
      };
      drafts.set(draft.id, draft);
      return reply.status(201).send(view(draft, request));
    },
  );

  app.put<{ Params: DraftParams }>(
    `${DRAFTS_PATH}/:id`,
    { onRequest: authenticate },
    async (request, reply) => {
      const account = accountOf(request);
      const draft = ownedBy(drafts.get(request.params.id), account);
      if (!draft) return reply.status(404).send({ error: 'NOT_FOUND' });
      // Once the employer has published it, the draft belongs to NHS Jobs: edits are made there.
      if (draft.status !== 'DRAFT') return reply.status(409).send({ error: 'ALREADY_PUBLISHED' });
      if (invalid(reply, request.body)) return reply;
      const body = request.body as Record<string, unknown>;
      const reference = String(body.jobReference).trim();
      const other = withReference(account, reference).find((d) => d.id !== draft.id);
      if (other) return reply.status(409).send({ error: 'DUPLICATE_REFERENCE', id: other.id });
      draft.body = { ...body, jobReference: reference };
      draft.updatedAt = now().toISOString();
      return reply.status(200).send(view(draft, request));
    },
  );

  app.get<{ Params: DraftParams }>(
    `${DRAFTS_PATH}/:id`,
    { onRequest: authenticate },
    async (request, reply) => {
      const draft = ownedBy(drafts.get(request.params.id), accountOf(request));
      if (!draft) return reply.status(404).send({ error: 'NOT_FOUND' });
      return reply.status(200).send(view(draft, request));
    },
  );

  app.get<{ Params: OrganisationParams; Querystring: { jobReference?: string } }>(
    DRAFTS_PATH,
    { onRequest: authenticate },
    async (request) => {
      const account = accountOf(request);
      const reference = request.query.jobReference;
      const items =
        reference === undefined
          ? [...drafts.values()].filter((d) => ownedBy(d, account))
          : withReference(account, reference.trim());
      return { items: items.map((d) => view(d, request)) };
    },
  );

  app.get('/_inspect/drafts', async () => ({ drafts: [...drafts.values()] }));

  const setStatus = (draft: StoredDraft, status: DraftStatus) => {
    draft.status = status;
    draft.updatedAt = now().toISOString();
  };
  const inspectStatus =
    (status: DraftStatus) =>
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const draft = drafts.get(request.params.id);
      if (!draft) return reply.status(404).send({ error: 'NOT_FOUND' });
      setStatus(draft, status);
      return reply.status(200).send(draft);
    };
  app.post('/_inspect/drafts/:id/publish', inspectStatus('PUBLISHED'));
  app.post('/_inspect/drafts/:id/close', inspectStatus('CLOSED'));
  employerPages(app, drafts, setStatus);

  app.post('/_inspect/reset', async () => {
    drafts.clear();
    return { ok: true };
  });
}
