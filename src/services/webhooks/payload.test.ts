import { describe, expect, it } from 'vitest';
import { webhookBody } from './payload.js';

const createdAt = new Date('2026-11-23T10:00:00Z');
const body = (type: string, data: Record<string, unknown>) =>
  JSON.parse(webhookBody({ type, webhookId: 'w-1', data, createdAt }, 'https://jobs.example')) as {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
  };

describe('webhook bodies', () => {
  it('have the Standard Webhooks shape: type, timestamp, data', () => {
    expect(body('vacancy.published', { vacancy: { id: 'v-1' } })).toEqual({
      type: 'vacancy.published',
      timestamp: '2026-11-23T10:00:00.000Z',
      data: { vacancy: { id: 'v-1' } },
    });
  });

  it("link an application's CV instead of carrying it", () => {
    const { data } = body('application.created', { application: { id: 'a-1', name: 'Ann' } });
    expect(data).toEqual({
      application: { id: 'a-1', name: 'Ann', cvUrl: 'https://jobs.example/api/v1/applications/a-1/cv' },
    });
  });

  it("give a posting's state in words, without the times it was worked out from", () => {
    const { data } = body('posting.status_changed', {
      posting: { id: 'p-1', board: 'example' },
      status: 'retrying',
      boardStatus: null,
      nextAttemptAt: '2026-11-23T10:05:00Z',
      scheduledAt: null,
    });
    expect(data).toMatchObject({ posting: { id: 'p-1', board: 'example' }, status: 'retrying' });
    expect(typeof data.statusText).toBe('string');
    expect((data.statusText as string).length).toBeGreaterThan(0);
    expect(data).not.toHaveProperty('nextAttemptAt');
    expect(data).not.toHaveProperty('scheduledAt');
  });
});
