import { isFullUkPostcode } from '../../../src/domain/postcode.js';
import {
  CONTRACT_LENGTH_MAX,
  LIMITS,
  MONEY_PATTERN,
  REFERENCE_PATTERN,
  WEEKLY_HOURS_MAX,
  YOUTUBE_URL,
} from '../../../src/domain/vacancy-values.js';
import { visibleText } from '../ui';
import { type Form, isFixedLength, num } from './form';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Issues = Record<string, string>;

function checkJob(f: Form, e: Issues) {
  const reference = f.reference.trim();
  if (reference && !REFERENCE_PATTERN.test(reference))
    e.reference = "Reference may use only letters, digits, '.', '_' and '-'";
  if (reference.length > LIMITS.reference)
    e.reference = `Reference must be ${LIMITS.reference} characters or fewer`;
  if (!f.title.trim()) e.title = 'Enter the job title';
  else if (f.title.trim().length > LIMITS.title)
    e.title = `Job title must be ${LIMITS.title} characters or fewer`;
  if (isFixedLength(f.employmentType) && f.contractLength.trim()) {
    const n = Number(f.contractLength);
    if (!Number.isInteger(n)) e['contractLength.length'] = 'Contract length must be a whole number';
    else if (n < 1) e['contractLength.length'] = 'Contract length must be at least 1';
    else if (n > CONTRACT_LENGTH_MAX[f.contractUnit])
      e['contractLength.length'] =
        `Contract length must be at most ${CONTRACT_LENGTH_MAX.weeks} weeks or ${CONTRACT_LENGTH_MAX.months} months`;
  }
  if (f.weeklyHours.trim()) {
    const n = Number(f.weeklyHours);
    if (!Number.isFinite(n)) e.weeklyHours = 'Weekly hours must be a number';
    else if (n <= 0) e.weeklyHours = 'Weekly hours must be more than 0';
    else if (n > WEEKLY_HOURS_MAX) e.weeklyHours = `Weekly hours must be at most ${WEEKLY_HOURS_MAX}`;
  }
}

function checkLocation(f: Form, e: Issues) {
  if (!f.line1.trim()) e['location.line1'] = 'Enter the address line 1';
  if (!f.town.trim()) e['location.town'] = 'Enter the town or city';
  if (!f.postcode.trim()) e['location.postcode'] = 'Enter a postcode';
  else if (!isFullUkPostcode(f.postcode)) e['location.postcode'] = 'Enter a full UK postcode, like G2 1DY';
}

function checkSalary(f: Form, e: Issues) {
  for (const [key, path, label] of [
    ['salaryMin', 'salary.min', 'Minimum salary'],
    ['salaryMax', 'salary.max', 'Maximum salary'],
  ] as const) {
    const value = f[key].trim();
    if (!value) continue;
    const n = Number(value);
    if (!Number.isFinite(n)) e[path] = `${label} must be a number`;
    else if (n <= 0) e[path] = `${label} must be more than 0`;
    else if (!MONEY_PATTERN.test(value)) e[path] = `${label} may have at most 2 decimal places`;
  }
  const min = num(f.salaryMin);
  const max = num(f.salaryMax);
  if (!e['salary.min'] && min !== undefined && max !== undefined && min > max)
    e['salary.min'] = 'Minimum salary must not be more than the maximum';
}

function checkAdvert(f: Form, e: Issues) {
  if (f.summary.trim().length > LIMITS.summary)
    e.summary = `Summary must be ${LIMITS.summary} characters or fewer`;
  if (!visibleText(f.description)) e.description = 'Enter the advert text';
  if (f.replyToEmail.trim() && !EMAIL.test(f.replyToEmail.trim()))
    e.replyToEmail = 'Reply-to e-mail must be a valid e-mail address, like name@example.org';
  if (!f.closingDate) e.closingDate = 'Enter a closing date';
  if (f.videoUrl.trim() && !YOUTUBE_URL.test(f.videoUrl.trim()))
    e.videoUrl = 'Video must be a YouTube link, like https://youtu.be/dQw4w9WgXcQ';
}

/** The server's rules (src/domain/vacancy.ts), in its words, checked as the recruiter types; it checks again. */
export function check(f: Form): Issues {
  const e: Issues = {};
  checkJob(f, e);
  checkLocation(f, e);
  checkSalary(f, e);
  checkAdvert(f, e);
  return e;
}
