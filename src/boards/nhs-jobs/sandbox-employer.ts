import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../http/careers/html.js';
import type { DraftStatus, StoredDraft } from './sandbox.js';

/**
 * The employer's side of the sandbox NHS Jobs: what a person sees at the draft link the API returns
 * (the seed: users "log into their NHS Jobs account and 'publish' the draft vacancy"). One page lists
 * the organisation's drafts with a Publish button (and Close for a published advert). Plain HTML
 * forms, so it works without JavaScript; every value is escaped. No sign-in: it is a sandbox.
 */

export const EMPLOYER_PATH = '/employer/drafts';

const STATUS_WORDS: Record<DraftStatus, string> = {
  DRAFT: 'Draft — not published',
  PUBLISHED: 'Published: live on NHS Jobs',
  CLOSED: 'Closed',
};

const PAGE_STYLE = `body{font-family:Arial,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#212b32}
header{background:#005eb8;color:#fff;padding:.75rem 1rem;margin:-1rem -1rem 1rem}
li{border:1px solid #d8dde0;padding:.75rem;margin:.5rem 0;list-style:none}
li[aria-current]{border:3px solid #005eb8}
button{background:#007f3b;color:#fff;border:0;padding:.5rem 1rem;font-size:1rem;cursor:pointer}
button.close{background:#d5281b}`;

function draftItem(prefix: string, draft: StoredDraft, current: boolean): SafeHtml {
  const action = (verb: string) => `${prefix}${EMPLOYER_PATH}/${encodeURIComponent(draft.id)}/${verb}`;
  const title = typeof draft.body.jobTitle === 'string' ? draft.body.jobTitle : '(no title)';
  return html`<li id="draft-${draft.id}"${current ? html` aria-current="true"` : ''}>
<h2>${title}</h2>
<p>Reference ${String(draft.body.jobReference ?? '')} · <strong class="status">${STATUS_WORDS[draft.status]}</strong></p>
${
  draft.status === 'DRAFT'
    ? html`<form method="post" action="${action('publish')}"><button type="submit">Publish</button></form>`
    : draft.status === 'PUBLISHED'
      ? html`<form method="post" action="${action('close')}"><button type="submit" class="close">Close advert</button></form>`
      : ''
}
</li>`;
}

function page(prefix: string, organisationId: string, drafts: StoredDraft[], currentId: string): string {
  return html`<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drafts of ${organisationId} — NHS Jobs (sandbox)</title><style>${PAGE_STYLE}</style></head>
<body>
<header><p>NHS Jobs (sandbox) — employer account</p></header>
<main>
<h1>Vacancies of ${organisationId}</h1>
<p>Drafts sent by your ATS are not live until you publish them here.</p>
<ul>${drafts.map((d) => draftItem(prefix, d, d.id === currentId))}</ul>
</main>
</body>
</html>`.value;
}

type DraftParams = { id: string };

/** Serves the employer pages on the sandbox's instance, over the sandbox's drafts. */
export function employerPages(
  app: FastifyInstance,
  drafts: Map<string, StoredDraft>,
  setStatus: (draft: StoredDraft, status: DraftStatus) => void,
): void {
  const sameOrganisation = (draft: StoredDraft) =>
    [...drafts.values()].filter(
      (d) => d.organisationId === draft.organisationId && d.accountId === draft.accountId,
    );
  const notFound = (reply: FastifyReply) =>
    reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(
        html`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Not found — NHS Jobs (sandbox)</title></head><body><main><h1>This draft does not exist</h1></main></body></html>`
          .value,
      );

  app.get<{ Params: DraftParams }>(`${EMPLOYER_PATH}/:id`, async (request, reply) => {
    const draft = drafts.get(request.params.id);
    if (!draft) return notFound(reply);
    return reply
      .type('text/html; charset=utf-8')
      .send(page(app.prefix, draft.organisationId, sameOrganisation(draft), draft.id));
  });

  // A browser form posts application/x-www-form-urlencoded; the buttons carry no fields.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, _b, done) =>
    done(null, {}),
  );
  const change =
    (status: DraftStatus) =>
    async (request: FastifyRequest<{ Params: DraftParams }>, reply: FastifyReply) => {
      const draft = drafts.get(request.params.id);
      if (!draft) return notFound(reply);
      // Only a draft can be published; a closed advert stays closed.
      if (status === 'PUBLISHED' ? draft.status === 'DRAFT' : draft.status !== 'CLOSED')
        setStatus(draft, status);
      // Post/redirect/get: the list again, with the draft's new state.
      return reply.redirect(`${app.prefix}${EMPLOYER_PATH}/${encodeURIComponent(draft.id)}`, 303);
    };
  app.post(`${EMPLOYER_PATH}/:id/publish`, change('PUBLISHED'));
  app.post(`${EMPLOYER_PATH}/:id/close`, change('CLOSED'));
}
