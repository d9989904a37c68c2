import { z } from 'zod';
import type { Board, BoardField } from './board.js';

type JsonSchema = Record<string, unknown>;

const FORMATS: Partial<Record<BoardField['type'], string>> = { email: 'email', url: 'uri', date: 'date' };

/** One declared field as JSON Schema, with the form hints under `x-postroom`. */
function fieldSchema(field: BoardField): JsonSchema {
  const ui = {
    label: field.label,
    type: field.type,
    ...(field.section ? { section: field.section } : {}),
    ...(field.help ? { help: field.help } : {}),
    ...(field.shownWhen ? { shownWhen: field.shownWhen } : {}),
    ...(field.requiredWhen ? { requiredWhen: field.requiredWhen } : {}),
    ...(field.hidden ? { hidden: true } : {}),
    ...(field.fixedOnceSent ? { fixedOnceSent: true } : {}),
    ...(field.counter ? { counter: field.counter } : {}),
    ...(field.maxWords !== undefined ? { maxWords: field.maxWords } : {}),
    ...(field.lengthOf ? { lengthOf: field.lengthOf } : {}),
    ...(field.optionsFrom ? { optionsFrom: field.optionsFrom } : {}),
  };
  const base: JsonSchema = {
    title: field.label,
    ...(field.help ? { description: field.help } : {}),
    'x-postroom': ui,
  };
  const enumOf = field.options ? { enum: field.options.map((o) => o.value) } : {};
  switch (field.type) {
    case 'number':
      return {
        ...base,
        type: 'number',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
        ...(field.decimals !== undefined ? { multipleOf: 10 ** -field.decimals } : {}),
      };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'select':
      return { ...base, type: 'string', ...enumOf };
    case 'multiselect':
    case 'list': {
      // A list's length limits are each item's (field-checks.ts checks them item by item).
      const itemLengths =
        field.type === 'list'
          ? {
              ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
              ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
            }
          : {};
      return {
        ...base,
        type: 'array',
        items: { type: 'string', ...enumOf, ...itemLengths },
        ...(field.maxItems !== undefined ? { maxItems: field.maxItems } : {}),
      };
    }
    case 'object':
      return { ...objectSchema(field.properties ?? []), ...base };
    default:
      return {
        ...base,
        type: 'string',
        ...(FORMATS[field.type] ? { format: FORMATS[field.type] } : {}),
        ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
      };
  }
}

function objectSchema(fields: readonly BoardField[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)])),
    required: fields.filter((f) => f.required && !f.shownWhen).map((f) => f.key),
    additionalProperties: false,
  };
}

/** A board as `GET /api/v1/boards` shows it: connection settings and posting fields as JSON Schema with form hints. */
export function describeBoard(board: Board) {
  const connection = z.toJSONSchema(board.connection.schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return {
    id: board.id,
    label: board.label,
    description: board.description,
    ...(board.cost ? { cost: board.cost } : {}),
    connectionSettings: { ...connection, 'x-postroom': { secrets: board.connection.secrets } },
    postingFields: objectSchema(board.fields),
    fields: board.fields,
    mappingTables: board.mappingTables ?? [],
  };
}
