import { and, eq, isNull } from 'drizzle-orm';
import { countCharacters, TEXT_LIMITS } from '../boards/nhs-jobs/rules.js';
import { getBoard } from '../boards/registry.js';
import { boardConnections } from '../db/schema.js';
import type { Issue } from '../domain/errors.js';
import type { Organisation } from '../domain/organisation.js';
import type { Actor, ServiceDeps } from './deps.js';

/** A board's limits on "About organisation", for the settings page's counter. */
export interface AboutLimit {
  board: string;
  boardLabel: string;
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

/**
 * What the boards the organisation posts to think of its settings. Today: NHS Jobs takes "About
 * organisation" as "About your organisation", 100 to 1,000 characters (boards/nhs-jobs.md).
 */
export async function organisationChecks(
  deps: Pick<ServiceDeps, 'db'>,
  actor: Actor,
  organisation: Organisation,
): Promise<OrganisationChecks> {
  const board = getBoard('nhs-jobs');
  const [connection] = await deps.db
    .select({ id: boardConnections.id })
    .from(boardConnections)
    .where(
      and(
        eq(boardConnections.organisationId, actor.organisationId),
        eq(boardConnections.board, board.id),
        isNull(boardConnections.archivedAt),
      ),
    )
    .limit(1);
  const { min, max } = TEXT_LIMITS.aboutOrganisation;
  const warnings: Issue[] = [];
  const length = countCharacters(organisation.about);
  if (connection && (length < min || length > max)) {
    warnings.push({
      path: 'about',
      message: `${board.label} needs "About organisation" to be ${thousands(min)} to ${thousands(max)} characters; it is ${thousands(length)}. Postings to ${board.label} will ask for it until then.`,
    });
  }
  return {
    aboutLimits: [{ board: board.id, boardLabel: board.label, min, max, connected: Boolean(connection) }],
    warnings,
  };
}
