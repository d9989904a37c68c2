import { AppError } from '../domain/errors.js';
import type { Board } from './board.js';
import { nhsJobsBoard } from './nhs-jobs/index.js';
import { s1jobsBoard } from './s1jobs/index.js';

/** Every board Postroom can post to, by id. */
const BOARDS: readonly Board[] = [nhsJobsBoard as unknown as Board, s1jobsBoard as unknown as Board];

export const BOARD_IDS = BOARDS.map((b) => b.id);

export function listBoards(): readonly Board[] {
  return BOARDS;
}

export function findBoard(id: string): Board | undefined {
  return BOARDS.find((b) => b.id === id);
}

export function getBoard(id: string): Board {
  const board = findBoard(id);
  if (!board) {
    throw new AppError('validation_failed', `Postroom has no board "${id}".`, {
      issues: [{ path: 'board', message: `Choose one of: ${BOARD_IDS.join(', ')}` }],
    });
  }
  return board;
}
