import { describe, expect, it } from 'vitest';
import type { AdvertState } from '../../domain/advert-state.js';
import { statusText } from '../../services/postings/posting-record.js';
import { nhsJobsBoard } from './index.js';

const row = (status: 'posted' | 'closed' | 'expired', advertState: AdvertState | null) => ({
  status,
  board: 'nhs-jobs',
  advertState,
  lastError: null,
  uncertainReason: null,
  nextAttemptAt: null,
  scheduledAt: null,
});

describe('what an NHS Jobs posting reads, from the state of its draft in NHS Jobs', () => {
  it.each([
    [
      'posted',
      'draft',
      'Job Successfully Posted. Draft created — publish it in NHS Jobs',
      'Draft in NHS Jobs',
    ],
    ['posted', 'published', 'Published in NHS Jobs', 'Live on NHS Jobs'],
    ['posted', 'closed', 'Closed in NHS Jobs', 'Closed in NHS Jobs'],
    [
      'closed',
      'published',
      'Closed in Postroom; still live on NHS Jobs until you close it there',
      'Closed here, live on NHS Jobs',
    ],
    [
      'closed',
      'draft',
      'Closed in Postroom; the unpublished draft stays in your NHS Jobs account until you delete it there',
      null,
    ],
    ['closed', 'closed', 'Closed in Postroom and in NHS Jobs', null],
    [
      'expired',
      'published',
      'Expired in Postroom (the closing date has passed); still live on NHS Jobs until you close it there',
      'Closed here, live on NHS Jobs',
    ],
  ] as const)('%s with a %s draft: "%s"', (status, advertState, text, chip) => {
    expect(statusText(row(status, advertState))).toBe(text);
    expect(nhsJobsBoard.drafts?.chipWord(status, advertState)).toBe(chip);
  });
});
