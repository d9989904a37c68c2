// StepStone's answer document and its status codes (docs/boards/stepstone.md, "Responses").
import { BoardError } from '../board.js';
import { parseXml, textAt, XmlError } from '../xml.js';
import { ANSWER, TEXT_ANSWER } from './map.js';

export type FeedAnswer = { [K in keyof typeof ANSWER]?: string } & { statusCode: string };

/** The answer in either documented format (XML, or `Key=value;` text), or null when it is neither. */
export function parseAnswer(text: string): FeedAnswer | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) {
    try {
      const root = parseXml(trimmed);
      if (root.name !== ANSWER.root) return null;
      const answer = Object.fromEntries(
        Object.entries(ANSWER)
          .filter(([key]) => key !== 'root')
          .map(([key, path]) => [key, textAt(root, path)])
          .filter(([, value]) => value !== undefined && value !== ''),
      ) as FeedAnswer;
      return /^\d+$/.test(answer.statusCode ?? '') ? answer : null;
    } catch (error) {
      if (error instanceof XmlError) return null;
      throw error;
    }
  }
  const pairs = new Map(
    trimmed
      .split(';')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()]),
  );
  const answer = Object.fromEntries(
    Object.entries(TEXT_ANSWER)
      .map(([key, name]) => [key, pairs.get(name)])
      .filter(([, value]) => value !== undefined && value !== ''),
  ) as FeedAnswer;
  return /^\d+$/.test(answer.statusCode ?? '') ? answer : null;
}

/** `DD/MM/YYYY` as `YYYY-MM-DD`, or undefined when it is no calendar date (StepStone once sent 30/02/2024). */
export function isoDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value) : null;
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** StepStone's advice for codes that clear on their own: "resend one time in an hour". */
export const HOURLY_MS = 3_600_000;

/** Each listed code: StepStone's description, and the Postroom field it names. */
export const STATUS_CODES: Record<string, { description: string; field?: string }> = {
  '100': { description: 'no error, status ok' },
  '204': { description: 'listing title missing', field: 'title' },
  '205': { description: 'language missing' },
  '206': { description: 'reference missing', field: 'reference' },
  '207': { description: 'action missing' },
  '209': { description: 'no valid contract' },
  '210': { description: 'no credits' },
  '220': { description: 'no matching credentials', field: 'username' },
  '222': { description: 'free renew is not allowed' },
  '230': { description: 'missing orga-mapping' },
  '312': { description: 'no plus contract' },
  '313': { description: 'no plus credits' },
  '314': { description: 'no internship contract' },
  '315': { description: 'no internship credits' },
  '320': { description: 'Jobtitle exceeds 200 characters', field: 'title' },
  '331': { description: 'Video Provider not allowed', field: 'videoUrl' },
  '403': { description: 'feed is deprecated' },
  '408': { description: 'Internal timeout' },
  '500': { description: 'server error' },
};
const INVALID = new Set(['204', '205', '206', '207', '320', '331']);
const HOURLY = new Set(['209', '210', '222', '230', '312', '313', '314', '315']);
const FIXES: Record<string, string> = {
  '320': 'shorten the job title and resend',
  '331': 'remove the video or use a YouTube or Vimeo link',
};

/** The BoardError for a status code other than 100. */
export function errorForAnswer(answer: FeedAnswer): BoardError {
  const code = answer.statusCode;
  const known = STATUS_CODES[code];
  const said = answer.status && answer.status !== known?.description ? ` (“${answer.status}”)` : '';
  const boardMessage = `${code} ${known?.description ?? answer.status ?? 'unlisted status code'}`;
  const base = { boardMessage, ...(known?.field ? { field: known.field } : {}) };
  if (INVALID.has(code)) {
    const message = `StepStone refused the listing: ${known?.description}${said}; ${FIXES[code] ?? 'add it and resend'}`;
    const issues = known?.field ? [{ field: known.field, message, severity: 'error' as const }] : [];
    return new BoardError('invalid', message, { ...base, issues });
  }
  if (HOURLY.has(code)) {
    const mapping = code === '230' ? ': StepStone must map your company to its organisation first' : '';
    return new BoardError(
      'rate_limited',
      `StepStone answered ${boardMessage}${said}${mapping}. As StepStone advises, Postroom resends once an hour until it answers 100.`,
      { ...base, retryAfterMs: HOURLY_MS },
    );
  }
  if (code === '220') {
    return new BoardError(
      'auth',
      "StepStone found no matching credentials (220): check the connection's username, password and ids with StepStone. Postroom does not retry this by itself.",
      base,
    );
  }
  if (code === '403') {
    return new BoardError(
      'auth',
      'StepStone says this feed is deprecated (403): please contact your StepStone customer service person.',
      base,
    );
  }
  if (code === '408' || code === '500') {
    return new BoardError(
      'unavailable',
      `StepStone had an internal problem (${boardMessage}); Postroom resends the same listing in an hour, as StepStone advises.`,
      { ...base, retryAfterMs: HOURLY_MS },
    );
  }
  return new BoardError(
    'unexpected',
    `StepStone answered status code ${code}${said}, which StepStone lists as an internal issue it handles; a person may retry later.`,
    base,
  );
}
