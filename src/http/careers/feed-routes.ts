import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FEED_CHANNELS, type FeedChannel } from '../../domain/feed-channels.js';
import { allLiveVacancies } from '../../services/careers/live-vacancies.js';
import type { ServiceDeps } from '../../services/deps.js';
import { excludedFromFeed, feedEnabled, recordFeedRead } from '../../services/feed-channels.js';
import { findOrganisationBySlug } from '../../services/organisations.js';
import { FEED_TTL_SECONDS, FeedCache } from './feed-cache.js';
import { FEED_BUILDERS, jsonFeed } from './feeds/index.js';

type OrgParams = { Params: { org: string } };

const notFound = (reply: FastifyReply) =>
  reply
    .status(404)
    .header('cache-control', 'no-cache')
    .type('text/plain; charset=utf-8')
    .send('No such feed');

/** A read is written down at most this often per feed, so a busy crawler costs no write per fetch. */
const READ_RECORD_MS = 60_000;

/**
 * The aggregators' XML feeds at `/feeds/<org>/<channel>.xml` (the Indeed one also at its older
 * address `/careers/<org>/feed.xml`) and the JSON feed at `/careers/<org>/jobs.json`: full snapshots
 * of the live vacancies, cached a minute, with an `ETag` (304 on match). A switched-off feed is 404.
 */
export async function feedRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  const cache = new FeedCache(deps.clock);
  const lastRecorded = new Map<string, number>();
  const hidden = { schema: { hide: true } };

  const send = (request: FastifyRequest, reply: FastifyReply, body: string, type: string) => {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    reply
      .header('content-type', `${type}; charset=utf-8`)
      .header('cache-control', `public, max-age=${FEED_TTL_SECONDS}`)
      .header('x-content-type-options', 'nosniff')
      .header('etag', etag)
      .header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    // Aggregators (Adzuna especially) prefer compressed feeds.
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
      return reply.header('content-encoding', 'gzip').send(gzipSync(body));
    return reply.send(body);
  };

  const noteRead = async (organisationId: string, channel: FeedChannel, userAgent: string | undefined) => {
    const key = `${organisationId}:${channel}`;
    const now = deps.clock.now();
    if (now.getTime() - (lastRecorded.get(key) ?? Number.NEGATIVE_INFINITY) < READ_RECORD_MS) return;
    lastRecorded.set(key, now.getTime());
    await recordFeedRead(deps, organisationId, channel, now, userAgent);
  };

  const xmlFeed =
    (channel: FeedChannel) => async (request: FastifyRequest<OrgParams>, reply: FastifyReply) => {
      const org = await findOrganisationBySlug(deps, request.params.org);
      if (!org || !(await feedEnabled(deps, org.id, channel))) return notFound(reply);
      await noteRead(org.id, channel, request.headers['user-agent']);
      const body = await cache.get(`${org.id}:${channel}`, async (builtAt) => {
        const excluded = await excludedFromFeed(deps, org.id, channel);
        const vacancies = (await allLiveVacancies(deps, org.id)).filter((v) => !excluded.has(v.id));
        return FEED_BUILDERS[channel]({ publicUrl: deps.publicUrl, org, vacancies, builtAt }).body;
      });
      return send(request, reply, body, 'application/xml');
    };

  for (const channel of FEED_CHANNELS)
    app.get<OrgParams>(`/feeds/:org/${channel}.xml`, hidden, xmlFeed(channel));
  // Static segments win over the :vacancy parameter, so these never reach the advert route.
  app.get<OrgParams>('/careers/:org/feed.xml', hidden, xmlFeed('indeed'));
  app.get<OrgParams>('/careers/:org/jobs.json', hidden, async (request, reply) => {
    const org = await findOrganisationBySlug(deps, request.params.org);
    if (!org) return notFound(reply);
    const body = await cache.get(`${org.id}:json`, async (builtAt) => {
      const vacancies = await allLiveVacancies(deps, org.id);
      return JSON.stringify(jsonFeed({ publicUrl: deps.publicUrl, org, vacancies, builtAt }));
    });
    return send(request, reply, body, 'application/json');
  });
}
