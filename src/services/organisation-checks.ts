import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Board, OrganisationLimit } from '../boards/board.js';
import { countCharacters } from '../boards/field-checks.js';
import { listBoards } from '../boards/registry.js';
import { boardConnections } from '../db/schema.js';
import type { Issue } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import type { Actor, ServiceDeps } from './deps.js';

/** A board's limits on "About organisation", for the settings page's counter. */
export interface AboutLimit {
  board: string;
  boardLabel: string;
  /** The board's own name for the setting (NHS Jobs: "About your organisation"). */
  label: string;
  min: number;
  max: number;
  /** The organisation has a connection to this board, so its postings will need the limits met. */
  connected: boolean;
}

export interface OrganisationChecks {
  aboutLimits: AboutLimit[];
  /** Problems that do not stop saving the settings but will stop a board's postings. */
  warnings: Issue[];
}

const thousands = (n: number) => n.toLocaleString('en-GB');

/** Every registered board's limits on "About organisation" (`organisationLimits` in its definition). */
const aboutLimits = (): { board: Board; limit: OrganisationLimit }[] =>
  listBoards().flatMap((board) =>
    (board.organisationLimits ?? []).filter((l) => l.field === 'about').map((limit) => ({ board, limit })),
  );

/**
 * What the boards think of the organisation's settings: each board's limits on "About organisation"
 * (e.g. docs/boards/nhs-jobs.md), and a warning for each connected board whose limits it misses.
 */
export async function organisationChecks(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  organisation: Organisation,
): Promise<OrganisationChecks> {
  const limits = aboutLimits();
  const connected = new Set<string>();
  if (limits.length > 0) {
    const rows = await deps.db
      .selectDistinct({ board: boardConnections.board })
      .from(boardConnections)
      .where(
        and(
          eq(boardConnections.organisationId, actor.organisationId),
          inArray(
            boardConnections.board,
            limits.map((l) => l.board.id),
          ),
          isNull(boardConnections.archivedAt),
        ),
      );
    for (const row of rows) connected.add(row.board);
  }
  const length = countCharacters(organisation.about);
  const warnings: Issue[] = [];
  for (const { board, limit } of limits) {
    if (!connected.has(board.id) || (length >= limit.min && length <= limit.max)) continue;
    warnings.push({
      path: 'about',
      message: `${board.label} needs "About organisation" to be ${thousands(limit.min)} to ${thousands(limit.max)} characters; it is ${thousands(length)}. Postings to ${board.label} will ask for it until then.`,
    });
  }
  return {
    aboutLimits: limits.map(({ board, limit }) => ({
      board: board.id,
      boardLabel: board.label,
      label: limit.label,
      min: limit.min,
      max: limit.max,
      connected: connected.has(board.id),
    })),
    warnings,
  };
}
