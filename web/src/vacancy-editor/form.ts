import { FIXED_LENGTH_TYPES, type Vacancy } from '../api';

/** The form as typed (strings), turned into the API's shape on save. */
export interface Form {
  reference: string;
  title: string;
  employmentType: string;
  contractLength: string;
  contractUnit: 'weeks' | 'months';
  hours: 'full_time' | 'part_time';
  weeklyHours: string;
  workplace: string;
  line1: string;
  line2: string;
  town: string;
  postcode: string;
  salaryMin: string;
  salaryMax: string;
  salaryPeriod: string;
  salaryText: string;
  summary: string;
  description: string;
  replyToEmail: string;
  closingDate: string;
  category: string;
  videoUrl: string;
  lists: Record<string, string>;
}

/** The person specification's lists, each a textarea keyed `<kind>.<list>`. */
export const LIST_KEYS = [
  ['essential', 'qualifications'],
  ['essential', 'experience'],
  ['essential', 'skills'],
  ['desirable', 'qualifications'],
  ['desirable', 'experience'],
  ['desirable', 'skills'],
] as const;

/** Whether the employment type takes a contract length. */
export const isFixedLength = (employmentType: string) =>
  (FIXED_LENGTH_TYPES as readonly string[]).includes(employmentType);

export const EMPTY: Form = {
  reference: '',
  title: '',
  employmentType: 'permanent',
  contractLength: '',
  contractUnit: 'months',
  hours: 'full_time',
  weeklyHours: '',
  workplace: 'onsite',
  line1: '',
  line2: '',
  town: '',
  postcode: '',
  salaryMin: '',
  salaryMax: '',
  salaryPeriod: 'year',
  salaryText: '',
  summary: '',
  description: '',
  replyToEmail: '',
  closingDate: '',
  category: '',
  videoUrl: '',
  lists: {},
};

const text = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));

export function toForm(v: Vacancy): Form {
  const lists: Record<string, string> = {};
  for (const [kind, list] of LIST_KEYS)
    lists[`${kind}.${list}`] = v.personSpecification[kind][list].join('\n');
  return {
    reference: v.reference,
    title: v.title,
    employmentType: v.employmentType,
    contractLength: text(v.contractLength?.length),
    contractUnit: v.contractLength?.unit ?? 'months',
    hours: v.hours,
    weeklyHours: text(v.weeklyHours),
    workplace: v.workplace,
    line1: v.location.line1,
    line2: v.location.line2 ?? '',
    town: v.location.town,
    postcode: v.location.postcode,
    salaryMin: text(v.salary?.min),
    salaryMax: text(v.salary?.max),
    salaryPeriod: v.salary?.period ?? 'year',
    salaryText: v.salary?.text ?? '',
    summary: v.summary ?? '',
    description: v.description,
    replyToEmail: v.replyToEmail ?? '',
    closingDate: v.closingDate,
    category: v.category ?? '',
    videoUrl: v.videoUrl ?? '',
    lists,
  };
}

/** A typed number, or undefined when the box is empty. */
export const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
