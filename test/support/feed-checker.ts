import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CHECKS } from './feed-checks.js';
import { type CheckedFeed, type CheckOptions, type FeedKind, type Node, textOf } from './feed-rules.js';

export type { CheckedFeed, FeedKind, Finding } from './feed-rules.js';

/**
 * A feed checker: its own reading of docs/feeds.md ("What the sandbox / checker must
 * do"), written from the contract and not from the feed code. It reads a feed as an aggregator
 * would and lists every problem with the job and the field in plain words; `warnings` are the
 * contract's heuristics (title words, tag lists, the 45-day rule), never a refusal.
 */

const parser = new XMLParser({
  cdataPropName: '#cdata',
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  isArray: (name, path) => name === 'job' && String(path).split('.').length === 2,
});

/** True when the element's text (if any) sits only in CDATA. */
function inCdata(value: unknown): boolean {
  if (value === undefined || value === '' || value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const node = value as Node;
  return node['#cdata'] !== undefined && (node['#text'] === undefined || String(node['#text']).trim() === '');
}

export const ROOTS: Record<FeedKind, string> = {
  indeed: 'source',
  linkedin: 'source',
  adzuna: 'jobs',
  jooble: 'jobs',
};
const ID_FIELD: Record<FeedKind, string> = {
  indeed: 'referencenumber',
  linkedin: 'partnerJobId',
  adzuna: 'id',
  jooble: '@id',
};
const CDATA_REQUIRED: Record<FeedKind, boolean> = {
  indeed: true,
  linkedin: false,
  adzuna: false,
  jooble: true,
};

/** Parses and checks a feed of the given kind. */
export function checkFeed(kind: FeedKind, xml: string, options: CheckOptions): CheckedFeed {
  const out: CheckedFeed = { errors: [], warnings: [], jobs: new Map() };
  const error = (job: string | null, field: string, message: string) =>
    out.errors.push({ job, field, message });
  if (!/^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(xml))
    error(null, 'declaration', 'The feed must start with an XML declaration naming its encoding (utf-8)');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    error(null, 'xml', `The feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    return out;
  }
  const doc = parser.parse(xml) as Node;
  const root = doc[ROOTS[kind]] as Node | undefined;
  if (!root || typeof root !== 'object') {
    error(null, 'root', `The root element must be <${ROOTS[kind]}>`);
    return out;
  }
  const jobs = (root.job as Node[] | undefined) ?? [];
  jobs.forEach((job, index) => {
    const id = textOf(job[ID_FIELD[kind]]).trim();
    const name = id || `job #${index + 1}`;
    if (!id) error(name, ID_FIELD[kind], 'Every job needs its id');
    else if (out.jobs.has(id)) error(name, ID_FIELD[kind], `The id "${id}" appears more than once`);
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(job)) {
      if (key === '#text') {
        if (textOf(value).trim()) error(name, 'job', 'A job holds text outside its elements');
        continue;
      }
      fields[key] = key.startsWith('@') ? String(value) : textOf(value);
      if (CDATA_REQUIRED[kind] && !key.startsWith('@') && !inCdata(value))
        error(name, key, `${key} must be in CDATA`);
    }
    if (id && !out.jobs.has(id)) out.jobs.set(id, fields);
  });
  CHECKS[kind](root, out, options);
  if (options.previous) stableIds(kind, out, options.previous);
  return out;
}

/** Same id, same job: the id keeps pointing at the same advert page. */
function stableIds(kind: FeedKind, out: CheckedFeed, previous: CheckedFeed) {
  const link = { indeed: 'url', linkedin: 'applyUrl', adzuna: 'url', jooble: 'link' }[kind];
  for (const [id, fields] of out.jobs) {
    const before = previous.jobs.get(id);
    if (before && before[link] !== fields[link])
      out.errors.push({
        job: id,
        field: link,
        message: 'The id now points at another job (ids are never reused)',
      });
  }
}
