// The connection's category tables (docs/boards/stepstone.md, "Categories"): StepStone's ids come from
// its per-country "widget lists", which are not public, so an admin keeps them per connection. The
// contract gives no id, so none is pre-mapped. They live in the settings' `categories` (settings.ts).
import { EMPLOYMENT_TYPES, HOURS } from '../../domain/vacancy-values.js';
import type { FieldOption, MappingTable } from '../board.js';

const words = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replaceAll('_', ' ');
const options = (values: readonly string[]): FieldOption[] =>
  values.map((value) => ({ value, label: words(value) }));

/** StepStone's ids are numbers (settings.ts checks the same). */
const ID = {
  pattern: '^\\d{1,18}$',
  error: "Enter StepStone's number for it, digits only",
  hint: 'From the widget list StepStone gave you at onboarding',
};

export const STEPSTONE_MAPPING_TABLES: readonly MappingTable[] = [
  {
    key: 'workfield',
    setting: 'categories',
    label: 'Categories → StepStone workfield',
    description:
      "Each vacancy category, with StepStone's workfield id for it. A posting whose category has no id here is refused before anything is sent. StepStone keeps the categories of the first send: a change here applies to new postings only.",
    from: { label: 'Category', hint: 'As on the vacancy; any case', maxLength: 100 },
    to: { label: 'Workfield id', ...ID },
  },
  {
    key: 'contracttype',
    setting: 'categories',
    label: 'Employment types → StepStone contract type',
    description:
      "Each employment type, with StepStone's contracttype id for it. A posting whose type has no id here is refused before anything is sent.",
    from: {
      label: 'Employment type',
      hint: 'As on the vacancy',
      options: options(EMPLOYMENT_TYPES),
      maxLength: 50,
    },
    to: { label: 'Contract type id', ...ID },
  },
  {
    key: 'worktype',
    setting: 'categories',
    label: 'Hours → StepStone work type',
    description:
      "Full or part time, with StepStone's worktype id for each. A posting whose hours have no id here is refused before anything is sent.",
    from: { label: 'Hours', hint: 'As on the vacancy', options: options(HOURS), maxLength: 50 },
    to: { label: 'Work type id', ...ID },
  },
];
