/**
 * The advert's state on the board in Postroom's words, the same for every board: a board's client
 * turns its own status words into these (in the board's `map.ts`), and the API, worker, sweep
 * and web read only these. The board's own word is kept beside it (`boardStatus`) to show.
 */
export const ADVERT_STATES = ['draft', 'published', 'closed', 'expired'] as const;
export type AdvertState = (typeof ADVERT_STATES)[number];

/** True for a value that is one of the normalised advert states. */
export const isAdvertState = (value: unknown): value is AdvertState =>
  typeof value === 'string' && (ADVERT_STATES as readonly string[]).includes(value);

/** States in which the board no longer shows the advert to candidates. */
export const ADVERT_ENDED: readonly AdvertState[] = ['closed', 'expired'];
