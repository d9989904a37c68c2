// Small helpers of the worker's board calls: what is kept of an exchange, and how a throw becomes a
// board error.
import { BoardError, type BoardExchange } from '../boards/board.js';
import type { StoredExchange } from '../domain/posting.js';

/** The most of a board's answer kept as proof on an attempt. */
export const RESPONSE_KEPT = 20_000;

/** Anything thrown by our own code after a call may have left is treated as an unknown outcome. */
export const asBoardError = (error: unknown): BoardError =>
  error instanceof BoardError
    ? error
    : new BoardError(
        'unknown_outcome',
        `Postroom failed while talking to the board: ${(error as Error).message}`,
        { cause: error },
      );

/** The exchanges as an attempt keeps them: times as text, long answers cut. */
export const storedExchanges = (exchanges: BoardExchange[]): StoredExchange[] =>
  exchanges.map((e) => ({
    ...e,
    at: e.at.toISOString(),
    responseBody: e.responseBody?.slice(0, RESPONSE_KEPT) ?? null,
  }));
