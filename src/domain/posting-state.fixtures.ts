import type { PostingState } from './posting-state.js';

/** A posting as it is queued for its first create, with `values` on top (for the state machine's tests). */
export const queuedPosting = (values: Partial<PostingState> = {}): PostingState => ({
  status: 'queued',
  action: 'create',
  attempts: 0,
  closeAs: null,
  fields: { title: 'Nurse' },
  pendingFields: null,
  externalId: null,
  externalUrl: null,
  etag: null,
  boardStatus: null,
  advertState: null,
  postedAt: null,
  publishedOnBoardAt: null,
  ...values,
});
