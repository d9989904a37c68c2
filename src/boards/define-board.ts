import type { Board } from './board.js';

/** What a board's folder declares: everything but `docs`, which defaults to `docs/boards/<id>.md`. */
export type BoardDefinition<Settings extends Record<string, unknown>> = Omit<Board<Settings>, 'docs'> & {
  docs?: string;
};

/**
 * A board, declared in one place (its folder's `index.ts`) and typed by its connection settings:
 * its schema, secrets, map, client and sandbox all agree on `Settings`. The registry lists the
 * result; adding a board is one line there (docs/boards/adding-a-board.md).
 *
 * The result's settings type is widened to a record. That is sound because Postroom hands a board
 * only settings that `connection.schema` has parsed: on saving a connection, and again whenever a
 * connection is loaded to call the board (src/services/connections.ts).
 */
export function defineBoard<Settings extends Record<string, unknown>>(
  definition: BoardDefinition<Settings>,
): Board {
  const board: Board<Settings> = {
    ...definition,
    docs: definition.docs ?? `docs/boards/${definition.id}.md`,
  };
  return board as unknown as Board;
}
