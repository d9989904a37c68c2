import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FEED_CHANNELS, type FeedChannelState } from '../../domain/feed-channels.js';
import type { Organisation } from '../../domain/organisation.js';
import { allLiveVacancies } from '../../services/careers/live-vacancies.js';
import type { ServiceDeps } from '../../services/deps.js';
import {
  listFeedChannels,
  listVacancyFeeds,
  setFeedEnabled,
  setVacancyFeed,
} from '../../services/feed-channels.js';
import { getOrganisation } from '../../services/organisations.js';
import { actorOf } from '../auth.js';
import { FEED_PREFLIGHT } from '../careers/feeds/index.js';
import { absolute, careersPaths } from '../careers/urls.js';
import { errorBodySchema } from '../errors.js';
import { idParamsSchema } from '../schemas.js';

const feedSchema = z.object({
  channel: z.enum(FEED_CHANNELS).describe('The aggregator: indeed, linkedin, adzuna or jooble'),
  label: z
    .string()
    .describe('Its name, as applications through the feed are credited: "Indeed", "LinkedIn", …'),
  url: z.string().describe('The address to give the aggregator: PUBLIC_URL/feeds/<org-slug>/<channel>.xml'),
  enabled: z
    .boolean()
    .describe('Served or not; a switched-off feed answers 404, so the aggregator drops every job'),
  lastReadAt: z
    .string()
    .nullable()
    .describe('When the feed was last fetched (recorded at most once a minute), or null'),
  lastReadBy: z.string().nullable().describe('The User-Agent of that fetch, e.g. "JoobleBot"'),
  leftOut: z
    .array(z.object({ reference: z.string(), field: z.string(), reason: z.string() }))
    .describe(
      'Live vacancies this feed leaves out because the aggregator would refuse them (e.g. LinkedIn: a reference over 40 characters, a description under 100), each with the field and the reason; the other jobs are still served',
    ),
});
const feedListSchema = z.object({ items: z.array(feedSchema) });

const vacancyFeedListSchema = z.object({
  items: z.array(
    z.object({
      channel: z.enum(FEED_CHANNELS),
      label: z.string(),
      included: z.boolean().describe('Whether the vacancy (while live) goes into this feed'),
      optional: z.boolean().describe('False for Indeed, which takes every job of the careers site or none'),
    }),
  ),
});
const channelParam = z.enum(FEED_CHANNELS, { error: 'No such feed: use indeed, linkedin, adzuna or jooble' });

const DESCRIPTION =
  'The XML feeds aggregators pull (Indeed, LinkedIn, Adzuna, Jooble): each a full snapshot of the live vacancies at its own address, its links carrying the feed’s own `src` token so applications are credited to it. On unless an admin switches it off.';

/** The organisation's aggregator feeds: their addresses, on or off, and their last reads. */
export async function feedRoutes(app: FastifyInstance, deps: ServiceDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Organisation'];
  const present = async (org: Organisation, feeds?: FeedChannelState[]) => {
    const input = {
      publicUrl: deps.publicUrl,
      org,
      vacancies: await allLiveVacancies(deps, org.id),
      builtAt: deps.clock.now(),
    };
    return (feeds ?? (await listFeedChannels(deps, org.id))).map((feed) => ({
      ...feed,
      url: absolute(deps.publicUrl, careersPaths.feed(org.slug, feed.channel)),
      lastReadAt: feed.lastReadAt?.toISOString() ?? null,
      leftOut: input.vacancies.flatMap((v) => FEED_PREFLIGHT[feed.channel](input, v) ?? []),
    }));
  };

  r.get(
    '/organisation/feeds',
    {
      schema: {
        tags,
        operationId: 'listFeeds',
        summary: 'Your aggregator feeds',
        description: DESCRIPTION,
        response: { 200: feedListSchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await getOrganisation(deps, actor);
      return { items: await present(org) };
    },
  );

  r.patch(
    '/organisation/feeds/:channel',
    {
      schema: {
        tags,
        operationId: 'updateFeed',
        summary: 'Switch a feed on or off (admins)',
        description: `${DESCRIPTION} The answer lists every feed, as for GET.`,
        params: z.object({
          channel: z.enum(FEED_CHANNELS, { error: 'No such feed: use indeed, linkedin, adzuna or jooble' }),
        }),
        body: z.object({ enabled: z.boolean({ error: 'enabled must be true or false' }) }).strict(),
        response: { 200: feedListSchema, 401: errorBodySchema, 403: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const feeds = await setFeedEnabled(deps, actor, request.params.channel, request.body.enabled);
      const org = await getOrganisation(deps, actor);
      return { items: await present(org, feeds) };
    },
  );

  r.get(
    '/vacancies/:id/feeds',
    {
      schema: {
        tags: ['Vacancies'],
        operationId: 'listVacancyFeeds',
        summary: 'Which aggregator feeds carry this vacancy',
        description:
          'Every live vacancy is in every feed that is on, unless kept out of it here. Indeed takes every job or none, so it cannot be left out per vacancy.',
        params: idParamsSchema,
        response: { 200: vacancyFeedListSchema, 401: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => ({ items: await listVacancyFeeds(deps, actorOf(request), request.params.id) }),
  );

  r.patch(
    '/vacancies/:id/feeds/:channel',
    {
      schema: {
        tags: ['Vacancies'],
        operationId: 'updateVacancyFeed',
        summary: 'Keep this vacancy out of a feed, or put it back',
        description:
          'LinkedIn, Adzuna or Jooble: `{"included": false}` leaves the vacancy out of that feed (within a minute); Indeed is refused with 422 (it takes every job or none: switch its feed off instead). The answer is as for GET.',
        params: idParamsSchema.extend({ channel: channelParam }),
        body: z.object({ included: z.boolean({ error: 'included must be true or false' }) }).strict(),
        response: {
          200: vacancyFeedListSchema,
          401: errorBodySchema,
          404: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => ({
      items: await setVacancyFeed(
        deps,
        actorOf(request),
        request.params.id,
        request.params.channel,
        request.body.included,
      ),
    }),
  );
}
