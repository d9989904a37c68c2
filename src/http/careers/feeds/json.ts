import { employmentWords, salaryPhrase } from '../format.js';
import { absolute, careersPaths, FEED_TOKENS } from '../urls.js';
import { advertLink, type FeedInput } from './xml.js';

/** Postroom's own JSON feed: the live vacancies, with links carrying the fixed `feed-json` token. */
export function jsonFeed(input: FeedInput) {
  const { publicUrl, org, builtAt } = input;
  return {
    organisation: { name: org.name, url: absolute(publicUrl, careersPaths.list(org.slug)) },
    generatedAt: builtAt.toISOString(),
    vacancies: input.vacancies.map((v) => ({
      id: v.id,
      reference: v.reference,
      title: v.title,
      url: advertLink(input, v, FEED_TOKENS.json),
      applyUrl: absolute(publicUrl, careersPaths.apply(org.slug, v.reference, FEED_TOKENS.json)),
      location: {
        line1: v.location.line1,
        line2: v.location.line2 ?? null,
        town: v.location.town,
        postcode: v.location.postcode,
        country: v.location.country,
      },
      workplace: v.workplace,
      salary: salaryPhrase(v.salary),
      employmentType: v.employmentType,
      employmentTypeText: employmentWords(v),
      hours: v.hours,
      closingDate: v.closingDate,
      datePosted: (v.publishedAt ?? v.createdAt).toISOString(),
      descriptionHtml: v.description,
    })),
  };
}
