import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { freeSlug } from './organisations.js';

describe("an organisation's slug", () => {
  it('is the name-made one when free, else the first free numbered one', () => {
    expect(freeSlug('acme', new Set(), false)).toBe('acme');
    expect(freeSlug('acme', new Set(['acme']), false)).toBe('acme-2');
    expect(freeSlug('acme', new Set(['acme', 'acme-2', 'acme-3', 'acme-corp']), false)).toBe('acme-4');
    expect(freeSlug('acme', new Set(['acme-2']), false)).toBe('acme');
  });

  it('is the one asked for, or a conflict on slug when that is taken', () => {
    expect(freeSlug('nhsggc', new Set(['nhsggc-2']), true)).toBe('nhsggc');
    let error: unknown;
    try {
      freeSlug('nhsggc', new Set(['nhsggc']), true);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).issues).toEqual([{ path: 'slug', message: 'This slug is already taken' }]);
  });
});
