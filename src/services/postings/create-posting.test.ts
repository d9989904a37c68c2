import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import { checkScheduleAt } from './create-posting.js';

const now = new Date('2026-11-23T10:00:00Z');
const refusal = (at: string, closingDate = '2026-12-31') => {
  try {
    checkScheduleAt(new Date(at), now, closingDate);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
};

describe('a scheduled posting time', () => {
  it('is taken in the future, up to the end of the closing date', () => {
    expect(refusal('2026-11-23T10:00:01Z')).toBeNull();
    expect(refusal('2026-12-31T23:59:59Z')).toBeNull();
  });

  it('is refused when it has passed, or now', () => {
    expect(refusal('2026-11-23T10:00:00Z')).toBe('The posting time has passed.');
    expect(refusal('2026-11-01T09:00:00Z')).toBe('The posting time has passed.');
  });

  it('is refused after the closing date, naming it', () => {
    expect(refusal('2027-01-01T00:00:00Z')).toBe('The posting time is after the closing date.');
  });
});
