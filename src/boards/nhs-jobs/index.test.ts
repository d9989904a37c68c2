import { describe, expect, it } from 'vitest';
import { statusText } from '../../services/postings/posting-record.js';
import { nhsJobsBoard } from './index.js';

const row = (status: 'posted' | 'closed' | 'expired', boardStatus: string | null) => ({
  status,
  board: 'nhs-jobs',
  boardStatus,
  lastError: null,
  uncertainReason: null,
  nextAttemptAt: null,
  scheduledAt: null,
});

describe('what an NHS Jobs posting reads, from the state of its draft in NHS Jobs', () => {
  it.each([
    [
      'posted',
      'DRAFT',
      'Job Successfully Posted. Draft created — publish it in NHS Jobs',
      'Draft in NHS Jobs',
    ],
    ['posted', 'PUBLISHED', 'Published in NHS Jobs', 'Live on NHS Jobs'],
    ['posted', 'CLOSED', 'Closed in NHS Jobs', 'Closed in NHS Jobs'],
    [
      'closed',
      'PUBLISHED',
      'Closed in Postroom; still live on NHS Jobs until you close it there',
      'Closed here, live on NHS Jobs',
    ],
    [
      'closed',
      'DRAFT',
      'Closed in Postroom; the unpublished draft stays in your NHS Jobs account until you delete it there',
      null,
    ],
    ['closed', 'CLOSED', 'Closed in Postroom and in NHS Jobs', null],
    [
      'expired',
      'PUBLISHED',
      'Expired in Postroom (the closing date has passed); still live on NHS Jobs until you close it there',
      'Closed here, live on NHS Jobs',
    ],
  ] as const)('%s with a %s draft: "%s"', (status, boardStatus, text, chip) => {
    expect(statusText(row(status, boardStatus))).toBe(text);
    expect(nhsJobsBoard.drafts?.chipWord(status, boardStatus)).toBe(chip);
  });
});
