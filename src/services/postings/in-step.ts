import { isDeepStrictEqual } from 'node:util';
import { isEmpty, type PostingFields, shownFields } from '../../boards/board.js';
import { getBoard } from '../../boards/registry.js';
import type { Organisation } from '../../domain/organisation.js';
import type { PostingStatus } from '../../domain/posting.js';
import type { Vacancy } from '../../domain/vacancy.js';
import type { PostingRow } from './posting-record.js';
import { trackingUrl } from './tracking-url.js';

/** What a posting's board values are derived from, besides its own overrides. */
export interface DerivationSource {
  vacancy: Vacancy;
  organisation: Organisation;
  publicUrl: string;
  /** The UK date today, YYYY-MM-DD. */
  today: string;
}

/** One board field whose value on the board is no longer what the vacancy gives. */
export interface FieldChange {
  field: string;
  label: string;
  onBoard: unknown;
  now: unknown;
}

export interface InStep {
  /** The vacancy's current values plus the recruiter's overrides: what an update would send. */
  currentFields: PostingFields;
  outOfDate: boolean;
  changes: FieldChange[];
}

/** States whose board values can still follow the vacancy (sent, being sent, or waiting to be). */
export const FOLLOWING: readonly PostingStatus[] = ['posted', 'sent', 'updating', 'queued', 'scheduled'];

/** Equal as a person means it: both empty, or the same value. */
export const sameValue = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || isDeepStrictEqual(a, b);

/** The given fields that differ from what the vacancy pre-fills: the recruiter's own choices. */
export function overridesOf(
  given: PostingFields,
  prefill: PostingFields,
  referenceField: string,
): PostingFields {
  return Object.fromEntries(
    Object.entries(given).filter(([key, value]) => key !== referenceField && !sameValue(value, prefill[key])),
  );
}

/** The posting's overrides; a posting made before they were kept has all its fields as overrides. */
export const overridesOfRow = (row: PostingRow): PostingFields => row.overrides ?? row.fields;

/** The board's pre-fill from the vacancy as it is now, with this posting's own tracked link. */
export function prefillNow(row: PostingRow, source: DerivationSource): PostingFields {
  const { vacancy, organisation } = source;
  return getBoard(row.board).prefill({
    vacancy,
    organisation,
    today: source.today,
    trackingUrl: trackingUrl(source.publicUrl, organisation.slug, vacancy.reference, row.trackingToken),
  });
}

/**
 * The posting's fields as the vacancy now derives them: pre-fill, overrides on top, and the
 * posting's own reference (it never changes: it is how Postroom finds the advert again).
 */
export function currentFields(row: PostingRow, source: DerivationSource): PostingFields {
  const board = getBoard(row.board);
  const reference = row.fields[board.referenceField] ?? row.boardReference;
  return shownFields(board.fields, {
    ...prefillNow(row, source),
    ...overridesOfRow(row),
    [board.referenceField]: reference,
  });
}

/** Whether the board holds what the vacancy now gives, field by field, in the board's labels. */
export function inStep(row: PostingRow, source: DerivationSource): InStep {
  const current = currentFields(row, source);
  if (!FOLLOWING.includes(row.status)) return { currentFields: current, outOfDate: false, changes: [] };
  const held = (row.status === 'updating' ? row.pendingFields : null) ?? row.fields;
  const changes = getBoard(row.board)
    .fields.filter((field) => !sameValue(held[field.key], current[field.key]))
    .map((field) => ({
      field: field.key,
      label: field.label,
      onBoard: held[field.key] ?? null,
      now: current[field.key] ?? null,
    }));
  return { currentFields: current, outOfDate: changes.length > 0, changes };
}
