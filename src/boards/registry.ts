import { AppError } from '../domain/errors.js';
import type { Board } from './board.js';
import { dwpFindAJobBoard } from './dwp-find-a-job/index.js';
import { googleForJobsBoard } from './google-for-jobs/index.js';
import { nhsJobsBoard } from './nhs-jobs/index.js';
import { reedBoard } from './reed/index.js';
import { s1jobsBoard } from './s1jobs/index.js';
import { stepstoneBoard } from './stepstone/index.js';
import { teachingVacanciesBoard } from './teaching-vacancies/index.js';

/** Every board Postroom can post to, in the order they are listed. */
const BOARDS: Board[] = [];

/**
 * Adds a board (made with `defineBoard`) to the registry. Postroom's own boards are registered
 * below, one line each; a test registers its example board the same way, before it starts the app.
 */
export function registerBoard(board: Board): void {
  if (BOARDS.some((b) => b.id === board.id)) throw new Error(`A board "${board.id}" is registered already.`);
  BOARDS.push(board);
}

registerBoard(nhsJobsBoard);
registerBoard(s1jobsBoard);
registerBoard(reedBoard);
registerBoard(stepstoneBoard);
registerBoard(teachingVacanciesBoard);
registerBoard(googleForJobsBoard);
registerBoard(dwpFindAJobBoard);

/** The ids of the registered boards. */
export const boardIds = (): string[] => BOARDS.map((b) => b.id);

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
      issues: [{ path: 'board', message: `Choose one of: ${boardIds().join(', ')}` }],
    });
  }
  return board;
}
