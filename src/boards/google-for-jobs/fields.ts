import type { BoardField, CheckContext, FieldIssue, PostingFields } from '../board.js';

/** What Postroom sends Google: the advert page's address. Both are set by Postroom, never typed. */
export const GOOGLE_FIELDS: readonly BoardField[] = [
  {
    key: 'url',
    label: 'Advert page',
    type: 'url',
    required: true,
    hidden: true,
    help: 'The canonical advert page on the careers site, which carries the JobPosting markup Google reads',
  },
  {
    key: 'title',
    label: 'Job title (as Google shows it)',
    type: 'text',
    hidden: true,
    help: "The vacancy's title, as the advert page's markup gives it to Google",
  },
  {
    // Any change to the vacancy changes its advert page: Google is told again (URL_UPDATED).
    key: 'pageVersion',
    label: 'Advert page version',
    type: 'number',
    hidden: true,
    help: "The vacancy's version: when it changes, the advert page changed and Google is told to read it again",
  },
  {
    key: 'reference',
    label: 'Posting reference',
    type: 'text',
    required: true,
    hidden: true,
    maxLength: 2000,
  },
];

/** The advert URL must be an absolute web address of the page itself: no tracking token, no fragment. */
export function checkGoogle(fields: PostingFields, _context: CheckContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const error = (field: string, message: string) => issues.push({ field, message, severity: 'error' });
  const url = typeof fields.url === 'string' ? fields.url.trim() : '';
  let parsed: URL | null = null;
  try {
    parsed = url ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    error(
      'url',
      'The advert page must be a full web address, like https://jobs.example.org/careers/acme/NUR-1',
    );
  } else if (parsed.search || parsed.hash) {
    error('url', 'Give Google the canonical advert page, without ?src= or other parameters');
  } else if (parsed.protocol !== 'https:') {
    issues.push({
      field: 'url',
      message:
        'Google refuses notifications for http:// pages of an https:// property: serve the careers site over https',
      severity: 'warning',
    });
  }
  if (typeof fields.reference !== 'string' || fields.reference.trim() === '')
    error('reference', 'Enter a reference');
  if (typeof fields.title === 'string') issues.push(...titleWarnings(fields.title));
  return issues;
}

/** A full UK postcode. */
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;

/**
 * Google asks for the job's title only: no job codes, addresses, dates, salaries or company names,
 * and no `!` or `*`. Warnings: the recruiter decides (docs/boards/google-for-jobs.md).
 */
export function titleWarnings(title: string): FieldIssue[] {
  const found = [
    /[£$€]|\b\d+(?:\.\d+)?\s?k\b/i.test(title) ? 'a salary' : null,
    POSTCODE.test(title) ? 'a postcode' : null,
    /[!*]/.test(title) ? '"!" or "*"' : null,
  ].filter((x): x is string => x !== null);
  return found.map((what) => ({
    field: 'title',
    message: `Google asks for the job title alone: this title has ${what}, which Google may show badly or refuse; change the vacancy's title`,
    severity: 'warning' as const,
  }));
}
