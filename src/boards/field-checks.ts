import { visibleText } from '../domain/html.js';
import { countSentCharacters } from '../domain/text-length.js';
import {
  type BoardField,
  type FieldIssue,
  isEmpty,
  isRequired,
  isShown,
  type PostingFields,
} from './board.js';

/**
 * Characters as a person counts them: trimmed, a line break (`\r\n`, `\r` or `\n`) is one, and
 * each Unicode code point is one (an emoji is one, not two UTF-16 units). Text is NFC-normalised
 * first, so an accent typed as a combining mark counts with its letter.
 */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text.trim().normalize('NFC').replace(/\r\n?/g, '\n')) count += 1;
  return count;
}

// Block boundaries separate words even when the HTML has no space between them (`</td><td>`).
const BLOCK_TAG = /<(?=\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|section|article|hr)\b)/gi;

/** The text a reader sees in HTML: tags not shown, entities decoded, blocks apart. */
export function readerText(html: string): string {
  return visibleText(html.replace(BLOCK_TAG, ' <'));
}

/** Words a reader sees in HTML or plain text: runs of non-space characters. */
export function countWords(text: string): number {
  const plain = readerText(text);
  return plain === '' ? 0 : plain.split(/\s+/).length;
}

/** The length a field's limits apply to: visible text for HTML, the text itself otherwise. */
export function measuredLength(field: BoardField, value: string): number {
  if (field.lengthOf === 'sent') return countSentCharacters(value);
  return countCharacters(field.type === 'html' ? readerText(value) : value);
}

/** A real calendar date written YYYY-MM-DD (2031-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** How a board words the generic problems; each board keeps its own voice. */
export interface CheckMessages {
  required(field: BoardField): string;
  length(field: BoardField, length: number): string;
  words?(field: BoardField, words: number): string;
  notAnOption(field: BoardField, value: unknown, fields: PostingFields): string;
  wrongType(field: BoardField): string;
  range?(field: BoardField, value: number): string;
  notShown?(field: BoardField): string;
  /** A key no field declares (default: `Unknown field "key"`). */
  unknown?(key: string): string;
  /** A list with more than `maxItems` items (default: "Label: at most N items"). */
  tooManyItems?(field: BoardField, count: number): string;
}

const issue = (field: string, message: string): FieldIssue => ({ field, message, severity: 'error' });

/**
 * Checks every declared field against its declaration: required, type, length, words, options,
 * numeric range, and fields given where they do not apply. Unknown keys are reported too.
 * Never throws, whatever the input.
 */
export function checkDeclaredFields(
  declarations: readonly BoardField[],
  fields: PostingFields,
  messages: CheckMessages,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set(declarations.map((d) => d.key));
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) issues.push(issue(key, messages.unknown?.(key) ?? `Unknown field "${key}"`));
  }
  for (const field of declarations) {
    const value = fields[field.key];
    if (!isShown(field, fields)) {
      if (!isEmpty(value) && messages.notShown) issues.push(issue(field.key, messages.notShown(field)));
      continue;
    }
    if (isEmpty(value)) {
      if (isRequired(field, fields)) issues.push(issue(field.key, messages.required(field)));
      continue;
    }
    issues.push(...checkValue(field, value, fields, messages));
  }
  return issues;
}

function optionsFor(field: BoardField, fields: PostingFields): readonly { value: string }[] | null {
  if (field.options) return field.options;
  if (field.optionsFrom) {
    const parent = fields[field.optionsFrom.field];
    // Own keys only: a value such as "constructor" must not find something on the prototype.
    return typeof parent === 'string' && Object.hasOwn(field.optionsFrom.map, parent)
      ? (field.optionsFrom.map[parent] ?? [])
      : [];
  }
  return null;
}

function checkValue(
  field: BoardField,
  value: unknown,
  fields: PostingFields,
  messages: CheckMessages,
): FieldIssue[] {
  const out: FieldIssue[] = [];
  const textual = ['text', 'textarea', 'html', 'email', 'url', 'phone', 'date'].includes(field.type);
  if (textual || field.type === 'select') {
    if (typeof value !== 'string') return [issue(field.key, messages.wrongType(field))];
    if (textual) {
      const length = measuredLength(field, value);
      if (
        (field.maxLength !== undefined && length > field.maxLength) ||
        (field.minLength !== undefined && length < field.minLength)
      ) {
        out.push(issue(field.key, messages.length(field, length)));
      }
      if (field.maxWords !== undefined && messages.words) {
        const words = countWords(value);
        if (words > field.maxWords) out.push(issue(field.key, messages.words(field, words)));
      }
    }
  }
  if (field.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return [issue(field.key, messages.wrongType(field))];
    const outOfRange =
      (field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max);
    if (outOfRange && messages.range) out.push(issue(field.key, messages.range(field, value)));
  }
  if (field.type === 'boolean' && typeof value !== 'boolean')
    return [issue(field.key, messages.wrongType(field))];
  if (field.type === 'multiselect' && (!Array.isArray(value) || value.some((v) => typeof v !== 'string')))
    return [issue(field.key, messages.wrongType(field))];
  if (field.type === 'list') return checkList(field, value, fields, messages);
  const options = optionsFor(field, fields);
  if (options && (field.type === 'select' || field.type === 'multiselect')) {
    const allowed = new Set(options.map((o) => o.value));
    const values = Array.isArray(value) ? value : [value];
    for (const v of values)
      if (!allowed.has(v as string)) out.push(issue(field.key, messages.notAnOption(field, v, fields)));
  }
  return out;
}

/**
 * A list of texts: at most `maxItems` items, each a text whose length `minLength`/`maxLength`
 * bound, named by its place (`skills.2`, "Skills (item 3)"). A blank item is too short, not absent.
 */
function checkList(
  field: BoardField,
  value: unknown,
  fields: PostingFields,
  messages: CheckMessages,
): FieldIssue[] {
  if (!Array.isArray(value)) return [issue(field.key, messages.wrongType(field))];
  const out: FieldIssue[] = [];
  if (field.maxItems !== undefined && value.length > field.maxItems) {
    const message =
      messages.tooManyItems?.(field, value.length) ?? `${field.label}: at most ${field.maxItems} items`;
    out.push(issue(field.key, message));
  }
  value.forEach((item: unknown, index) => {
    const key = `${field.key}.${index}`;
    const itemField: BoardField = {
      ...field,
      key,
      label: `${field.label} (item ${index + 1})`,
      type: 'text',
    };
    out.push(...checkValue(itemField, item, fields, messages));
  });
  return out;
}

/**
 * Fields the board keeps as first accepted (`fixedOnceSent`): on a change to an advert the board
 * already has (`previous`), each one changed is an error on the field, so nothing is sent.
 */
export function frozenFieldIssues(
  fields: readonly BoardField[],
  values: PostingFields,
  previous: PostingFields | undefined,
  boardLabel: string,
): FieldIssue[] {
  if (!previous) return [];
  return fields
    .filter(
      (f) =>
        f.fixedOnceSent && JSON.stringify(values[f.key] ?? null) !== JSON.stringify(previous[f.key] ?? null),
    )
    .map((f) => ({
      field: f.key,
      severity: 'error' as const,
      message: `${f.label} cannot change once the advert is on ${boardLabel}; close it and post it again to change it`,
    }));
}
