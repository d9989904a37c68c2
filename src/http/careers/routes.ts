import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { EMPLOYMENT_TYPES, ukDate } from '../../domain/vacancy.js';
import {
  CAREERS_COUNT_LIMIT,
  CAREERS_PAGE_SIZE,
  searchLiveVacancies,
} from '../../services/careers/live-vacancies.js';
import { findPublicVacancy } from '../../services/careers/public-vacancy.js';
import type { ContentCache } from '../../services/content-cache.js';
import type { ServiceDeps } from '../../services/deps.js';
import { findOrganisationAndVersion, findOrganisationBySlug } from '../../services/organisations.js';
import { cachedVacancyIndex } from '../../services/vacancies/vacancy-index.js';

type Site = NonNullable<Awaited<ReturnType<typeof findOrganisationAndVersion>>>;

/** ContentCache's shelf of organisations by careers slug (embedded mode). */
const CAREERS_SITES = 'careers-sites';

import { refuseUnstorableText } from '../unstorable-text.js';
import { applyRoutes, MULTIPART_LIMITS } from './apply.js';
import { sourceParam, trackVisit } from './attribution.js';
import { FEED_TTL_SECONDS } from './feed-cache.js';
import { feedRoutes } from './feed-routes.js';
import { jobPosting } from './json-ld.js';
import { PAGE_CSP } from './layout.js';
import { advertPage, badAddressPage, gonePage, type ListQuery, listPage, notFoundPage } from './pages.js';
import { absolute, careersPaths } from './urls.js';

/** A bad or repeated query value is ignored rather than refused: a search box should never error. */
// Each value falls back to its default when absent or unusable. An absent one takes `default`,
// which skips parsing: `catch` alone would build an issue for it on every page (a tenth of the
// careers list's time).
const text = (max: number) =>
  z
    .string()
    .trim()
    .transform((s) => s.slice(0, max))
    .default('')
    .catch('');

const listQuerySchema = z.object({
  q: text(200),
  location: text(100),
  type: z.enum(EMPLOYMENT_TYPES).nullable().default(null).catch(null),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

const PAGE_CACHE = `public, max-age=${FEED_TTL_SECONDS}`;

export function sendPage(reply: FastifyReply, status: number, body: string, cache = PAGE_CACHE) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('cache-control', cache)
    .send(body);
}

type OrgParams = { Params: { org: string } };
type VacancyParams = { Params: { org: string; vacancy: string }; Querystring: unknown };

export interface CareersOptions {
  /** Where CVs are stored (`<data dir>/uploads`), never a web-served folder. */
  uploadsDir: string;
  contentCache: ContentCache;
}

/**
 * The public careers site, the apply form and job feeds, outside the API: no token. Register it
 * in its own plugin scope, so only these routes accept multipart bodies.
 */
export async function careersRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  options: CareersOptions,
): Promise<void> {
  const hidden = { schema: { hide: true } };
  const secure = deps.publicUrl.startsWith('https:');
  await app.register(multipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });
  // No page exists at an address the database cannot even hold; a broken query cannot be read.
  refuseUnstorableText(app, (_request, reply, { part }) =>
    part === 'path'
      ? sendPage(reply, 404, notFoundPage(null), 'no-cache')
      : sendPage(reply, 400, badAddressPage(), 'no-cache'),
  );

  const { findSite, cached } = siteLookup(deps, options.contentCache);

  app.get<OrgParams & { Querystring: unknown }>('/careers/:org', hidden, async (request, reply) => {
    const site = await findSite(request.params.org);
    if (!site) return sendPage(reply, 404, notFoundPage(null), 'no-cache');
    const org = site.organisation;
    const parsed = listQuerySchema.parse({ ...(request.query as object) });
    const query: ListQuery = {
      keywords: parsed.q,
      location: parsed.location,
      employmentType: parsed.type,
      page: parsed.page,
    };
    const render = async () => {
      const version = deps.localEpoch ? undefined : site.contentVersion; // an epoch is no content version
      const index = await cachedVacancyIndex(
        options.contentCache,
        deps.db,
        org.id,
        version,
        deps.localEpoch?.(),
      );
      const search = {
        keywords: query.keywords,
        location: query.location,
        ...(query.employmentType ? { employmentType: query.employmentType } : {}),
        page: query.page,
      };
      const page = await searchLiveVacancies(deps, org.id, search, index);
      return listPage(org, query, page);
    };
    // The unfiltered list's pages are kept whole (those it has: 50 at most). A search's page is put
    // together afresh from the matches and listings the index keeps: keeping every distinct
    // search's page would fill the heap with pages seldom asked for again, and collecting them
    // cost more than putting a page together.
    const filtered = query.keywords || query.location || query.employmentType;
    const kept = !filtered && query.page <= CAREERS_COUNT_LIMIT / CAREERS_PAGE_SIZE;
    const body = kept ? await cached(site, `list:${query.page}`, render) : await render();
    return sendPage(reply, 200, body);
  });

  await feedRoutes(app, deps);

  app.get<VacancyParams>('/careers/:org/:vacancy', hidden, async (request, reply) => {
    const site = await findSite(request.params.org);
    if (!site) return sendPage(reply, 404, notFoundPage(null), 'no-cache');
    const org = site.organisation;
    const found = await cached(site, `advert:${request.params.vacancy}`, () =>
      findPublicVacancy(deps, org.id, request.params.vacancy),
    );
    if (!found) return sendPage(reply, 404, notFoundPage(org), 'no-cache');
    if (found.state === 'gone') return sendPage(reply, 410, gonePage(org, found.vacancy));
    const { vacancy } = found;
    const canonicalUrl = absolute(deps.publicUrl, careersPaths.advert(org.slug, vacancy.reference));
    const src = sourceParam(request.query);
    const tracking = trackVisit(request, {
      vacancyPath: careersPaths.advert(org.slug, vacancy.reference),
      secure,
    });
    if (tracking.setCookie) reply.header('set-cookie', tracking.setCookie);
    const render = async () =>
      advertPage(org, vacancy, { canonicalUrl, jsonLd: jobPosting(org, vacancy, canonicalUrl), source: src });
    // The page of a tracked link carries its token, so only the untracked page is kept.
    const body = src ? await render() : await cached(site, `advert-page:${vacancy.id}`, render);
    // A tracked link's page carries its token and may set the attribution cookie: never shared.
    return sendPage(reply, 200, body, tracking.tracked ? `private, max-age=${FEED_TTL_SECONDS}` : PAGE_CACHE);
  });

  await applyRoutes(app, deps, { uploadsDir: options.uploadsDir, sendPage });
}

/** How the careers routes find an organisation's site and keep what they read of it. */
function siteLookup(deps: ServiceDeps, contentCache: ContentCache) {
  /**
   * The organisation of a careers address and its content version: embedded, the local write
   * epoch, and the organisation itself kept under it (no query at all); on a server, read together.
   */
  const findSite = async (slug: string): Promise<Site | null> => {
    const epoch = deps.localEpoch?.();
    if (epoch === undefined) return findOrganisationAndVersion(deps, slug);
    const organisation = await contentCache.get(CAREERS_SITES, epoch, slug, () =>
      findOrganisationBySlug(deps, slug),
    );
    return organisation ? { organisation, contentVersion: epoch } : null;
  };
  /** Cached per UK day too: what is live changes when a closing date passes. */
  const cached = <T>(site: Site, key: string, load: () => Promise<T>) =>
    contentCache.get(
      site.organisation.id,
      site.contentVersion,
      `careers:${ukDate(deps.clock.now())}:${key}`,
      load,
    );
  return { findSite, cached };
}
