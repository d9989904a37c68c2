// The DWP Find a job posting fields and their rules, from docs/boards/dwp-find-a-job.md ("Body").
// Field keys are Postroom's; the elements and ids they become live in map.ts only.
import type { BoardField, FieldOption } from '../board.js';

export const VACANCY_TYPES = ['permanent', 'contract', 'temporary', 'apprenticeship'] as const;
export const HOURS = ['full_time', 'part_time'] as const;
/** The reference's part of the code, leaving room for a re-post's `-<n>` (map.ts, CODE_MAX). */
export const REFERENCE_MAX = 36;

const options = (labels: Record<string, string>): FieldOption[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const DWP_FIELDS: readonly BoardField[] = [
  { key: 'title', label: 'Job title', type: 'text', required: true, section: 'Advert' },
  {
    key: 'reference',
    label: 'Reference',
    type: 'text',
    required: true,
    maxLength: REFERENCE_MAX,
    section: 'Advert',
    help: 'Becomes the advert code (vacancyRefCode): letters, digits and dashes are kept, -1, -2 … added on re-posts.',
  },
  {
    key: 'description',
    label: 'Description',
    type: 'html',
    required: true,
    section: 'Advert',
    help: 'Find a job shows plain text: paragraphs, bullet and numbered lists are kept, other formatting is not.',
  },
  { key: 'street', label: 'Street address', type: 'text', section: 'Location' },
  { key: 'city', label: 'Town or city', type: 'text', section: 'Location' },
  { key: 'postcode', label: 'Postcode', type: 'text', required: true, section: 'Location' },
  {
    key: 'closingDate',
    label: 'Closing date',
    type: 'date',
    required: true,
    section: 'Dates',
    help: 'An advert lives 30 days at most: a vacancy open longer is re-posted under a new code.',
  },
  {
    key: 'vacancyType',
    label: 'Vacancy type',
    type: 'select',
    required: true,
    section: 'Job',
    options: options({
      permanent: 'Permanent',
      contract: 'Contract',
      temporary: 'Temporary',
      apprenticeship: 'Apprenticeship',
    }),
  },
  {
    key: 'hours',
    label: 'Hours',
    type: 'select',
    required: true,
    section: 'Job',
    options: options({ full_time: 'Full time', part_time: 'Part time' }),
  },
  {
    key: 'category',
    label: 'Category (DWP id)',
    type: 'number',
    min: 1,
    max: 999,
    decimals: 0,
    section: 'Job',
    help: "DWP's category id; empty: the connection's default.",
  },
  { key: 'applyUrl', label: 'Apply link', type: 'url', required: true, hidden: true },
  { key: 'version', label: 'Re-post number', type: 'number', min: 0, decimals: 0, hidden: true },
];
