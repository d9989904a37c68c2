import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, isNull, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import { baseUrlProblem } from '../boards/address-policy.js';
import type { Board } from '../boards/board.js';
import { getBoard } from '../boards/registry.js';
import type { DbOrTx } from '../db/client.js';
import { boardConnections, postings } from '../db/schema.js';
import { AppError, issuesFromZod, isUniqueViolation, isUuid, notFound } from '../domain/errors.js';
import { FINAL_STATUSES } from '../domain/posting.js';
import { recordActivity } from './activity.js';
import { type Actor, requireAdmin, type ServiceDeps } from './deps.js';
import { keepRecent } from './recently-used.js';
import type { SecretBox } from './secret-box.js';

export const connectionNameSchema = z
  .string({ error: 'Enter a name for the connection' })
  .trim()
  .min(1, 'Enter a name for the connection')
  .max(100, 'Connection name must be 100 characters or fewer');

/** A connection as the API shows it: secrets only as "set" or not. */
export interface Connection {
  id: string;
  board: string;
  boardLabel: string;
  name: string;
  settings: Record<string, unknown>;
  /** For each secret setting, whether it holds a value. The values are never returned. */
  secretsSet: Record<string, boolean>;
  /** A recruiter's post through this connection waits for an approver. */
  requiresApproval: boolean;
  /** What one posting costs, in pence (GBP); null: nothing recorded. */
  costPence: number | null;
  /** The most spent through this connection in a calendar month, in pence; null: no budget. */
  monthlyBudgetPence: number | null;
  createdAt: Date;
  updatedAt: Date;
}

type ConnectionRow = typeof boardConnections.$inferSelect;
const sealContext = (row: { organisationId: string; id: string }) =>
  `connection:${row.organisationId}:${row.id}`;

function present(row: ConnectionRow, board: Board, secrets: Record<string, string>): Connection {
  return {
    id: row.id,
    board: row.board,
    boardLabel: board.label,
    name: row.name,
    settings: row.settings,
    secretsSet: Object.fromEntries(board.connection.secrets.map((key) => [key, Boolean(secrets[key])])),
    requiresApproval: row.requiresApproval,
    costPence: row.costPence ?? null,
    monthlyBudgetPence: row.monthlyBudgetPence ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Validates a board's settings; issues are reported on `settings.<key>`. */
function parseSettings(board: Board, input: unknown): Record<string, unknown> {
  const parsed = board.connection.schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation_failed', `The ${board.label} connection settings are not valid.`, {
      issues: issuesFromZod(parsed.error.issues, ['settings']),
    });
  }
  return parsed.data;
}

/** The setting that overrides a board's own address (both adapters name it so). */
const ADDRESS_SETTING = 'baseUrl';

/** Refuses a `baseUrl` the operator does not allow, on its field (see boards/address-policy.ts). */
async function checkAddress(
  deps: Pick<ServiceDeps, 'boardAddresses'>,
  board: Board,
  settings: Record<string, unknown>,
) {
  const address = settings[ADDRESS_SETTING];
  if (typeof address !== 'string') return;
  const problem = await baseUrlProblem(deps.boardAddresses, address);
  if (!problem) return;
  throw new AppError('validation_failed', `The ${board.label} connection settings are not valid.`, {
    issues: [{ path: `settings.${ADDRESS_SETTING}`, message: problem }],
  });
}

/**
 * A saved secret is never sent to a new address: when the address changes, every secret the
 * connection holds must be typed again in the same change.
 */
function requireSecretsForNewAddress(
  board: Board,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  oldSecrets: Record<string, string>,
  patch: Record<string, unknown>,
) {
  const addresses = board.addressSettings ?? [ADDRESS_SETTING];
  if (addresses.every((key) => (before[key] ?? null) === (after[key] ?? null))) return;
  const missing = board.connection.secrets.filter(
    (key) => oldSecrets[key] && !(typeof patch[key] === 'string' && patch[key] !== ''),
  );
  if (missing.length === 0) return;
  throw new AppError(
    'validation_failed',
    `The ${board.label} connection's address is changing: enter its secrets again, so that a saved secret is never sent to a new address.`,
    {
      issues: missing.map((key) => ({
        path: `settings.${key}`,
        message: 'Enter this again: the address changed, and a saved secret is not sent to a new address',
      })),
    },
  );
}

/** Splits settings into what may be shown and what is sealed. */
function split(board: Board, settings: Record<string, unknown>) {
  const open: Record<string, unknown> = {};
  const secret: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    if ((board.connection.secrets as readonly string[]).includes(key)) {
      if (typeof value === 'string' && value !== '') secret[key] = value;
    } else if (value !== undefined) {
      open[key] = value;
    }
  }
  return { open, secret };
}

const nameTaken = (name: string) =>
  new AppError('conflict', `Another connection is already called "${name}".`, {
    issues: [{ path: 'name', message: 'Choose a name no other connection uses' }],
  });

async function loadRow(
  tx: DbOrTx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ConnectionRow> {
  if (!isUuid(id)) throw notFound('Connection');
  const query = tx
    .select()
    .from(boardConnections)
    .where(
      and(
        eq(boardConnections.id, id),
        eq(boardConnections.organisationId, actor.organisationId),
        isNull(boardConnections.archivedAt),
      ),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Connection');
  return row;
}

/** How a connection is governed: approval before posting, cost per posting and monthly budget. */
export interface ConnectionSpending {
  requiresApproval?: boolean | undefined;
  costPence?: number | null | undefined;
  monthlyBudgetPence?: number | null | undefined;
}

const SPENDING_KEYS = ['requiresApproval', 'costPence', 'monthlyBudgetPence'] as const;

/** The spending settings a patch gives (a key left out keeps its value). */
const spendingOf = (patch: ConnectionSpending) =>
  Object.fromEntries(SPENDING_KEYS.filter((k) => patch[k] !== undefined).map((k) => [k, patch[k]]));

export interface NewConnection extends ConnectionSpending {
  board: string;
  name: string;
  settings: Record<string, unknown>;
}

/** Connects the organisation to a board (admins). Secret settings are sealed before they are stored. */
export async function createConnection(
  deps: ServiceDeps,
  actor: Actor,
  input: NewConnection,
): Promise<Connection> {
  requireAdmin(actor, 'connect a board');
  const board = getBoard(input.board);
  const settings = parseSettings(board, input.settings);
  await checkAddress(deps, board, settings);
  const { open, secret } = split(board, settings);
  const id = randomUUID();
  try {
    return await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [row] = await tx
        .insert(boardConnections)
        .values({
          id,
          organisationId: actor.organisationId,
          board: board.id,
          name: input.name,
          settings: open,
          ...spendingOf(input),
          secrets: deps.secretBox.seal(secret, sealContext({ organisationId: actor.organisationId, id })),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await recordActivity(
        tx,
        actor,
        { type: 'connection', id },
        'created',
        {
          board: { from: null, to: board.id },
          name: { from: null, to: input.name },
          ...Object.fromEntries(Object.keys(secret).map((key) => [key, { from: null, to: '(set)' }])),
        },
        now,
      );
      return present(row!, board, secret);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'board_connections_name_unique')) throw nameTaken(input.name);
    throw error;
  }
}

/** The organisation's connections, oldest first. Any member may read them (to choose where to post). */
export async function listConnections(deps: ServiceDeps, actor: Actor): Promise<Connection[]> {
  const rows = await deps.db
    .select()
    .from(boardConnections)
    .where(
      and(eq(boardConnections.organisationId, actor.organisationId), isNull(boardConnections.archivedAt)),
    )
    .orderBy(asc(boardConnections.createdAt), asc(boardConnections.id));
  return rows.map((row) => {
    const board = getBoard(row.board);
    return present(row, board, deps.secretBox.open(row.secrets, sealContext(row)));
  });
}

export async function getConnection(deps: ServiceDeps, actor: Actor, id: string): Promise<Connection> {
  const row = await loadRow(deps.db, actor, id);
  return present(row, getBoard(row.board), deps.secretBox.open(row.secrets, sealContext(row)));
}

/**
 * A connection with its settings decrypted, for calling the board. Only services use this; it
 * never leaves the process.
 */
export async function openConnection(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
): Promise<{ connection: Connection; board: Board; settings: Record<string, unknown> }> {
  return openConnectionRow(deps, await loadRow(deps.db, actor, id));
}

/** A connection row already read (by the worker, with its posting): its board and decrypted settings. */
export function openConnectionRow(
  deps: Pick<ServiceDeps, 'secretBox'>,
  row: ConnectionRow,
): { connection: Connection; board: Board; settings: Record<string, unknown> } {
  const board = getBoard(row.board);
  const { secrets, settings } = openedSettings(deps.secretBox, board, row);
  return { connection: present(row, board, secrets), board, settings: { ...settings } };
}

interface Opened {
  sealed: string;
  stored: string;
  secrets: Record<string, string>;
  settings: Record<string, unknown>;
}
/** Per secret box, the connections opened last: a post and each job would otherwise decrypt and parse them again. */
const openedByBox = new WeakMap<SecretBox, Map<string, Opened>>();
const MOST_OPENED = 1_000;

/**
 * The row's secrets, decrypted, and its settings as the board's schema reads them; kept for the
 * connections used last while the row's sealed secrets and stored settings stay the same (they
 * never leave the process, as when decrypted for each call).
 */
function openedSettings(box: SecretBox, board: Board, row: ConnectionRow): Opened {
  const kept = openedByBox.get(box) ?? new Map<string, Opened>();
  openedByBox.set(box, kept);
  const stored = JSON.stringify(row.settings);
  const found = kept.get(row.id);
  if (found?.sealed === row.secrets && found.stored === stored)
    return keepRecent(kept, row.id, found, MOST_OPENED);
  const secrets = box.open(row.secrets, sealContext(row));
  const settings = loadSettings(board, row, secrets);
  return keepRecent(kept, row.id, { sealed: row.secrets, stored, secrets, settings }, MOST_OPENED);
}

/**
 * The stored settings and secrets, parsed again by the board's schema: the board is only ever
 * called with settings its schema accepts (defaults filled in), even if the schema changed since.
 */
function loadSettings(board: Board, row: ConnectionRow, secrets: Record<string, string>) {
  const parsed = board.connection.schema.safeParse({ ...row.settings, ...secrets });
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation_failed',
    `The settings of the ${board.label} connection "${row.name}" are no longer valid: change them on the connection.`,
    { issues: issuesFromZod(parsed.error.issues, ['settings']) },
  );
}

/**
 * Changes a connection (admins). Settings are merged: a secret left out keeps its value, one given
 * replaces it; `null` removes an optional setting.
 */
export async function updateConnection(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  patch: {
    name?: string;
    settings?: Record<string, unknown>;
    /** Settings to change computed from the stored ones, read locked in the same transaction. */
    changeSettings?: (stored: Record<string, unknown>) => Record<string, unknown>;
  } & ConnectionSpending,
): Promise<Connection> {
  requireAdmin(actor, 'change a board connection');
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await loadRow(tx, actor, id, { forUpdate: true });
      const board = getBoard(row.board);
      const oldSecrets = deps.secretBox.open(row.secrets, sealContext(row));
      const merged: Record<string, unknown> = { ...row.settings, ...oldSecrets };
      const settingsPatch = patch.changeSettings?.(row.settings) ?? patch.settings ?? {};
      for (const [key, value] of Object.entries(settingsPatch)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      const { open, secret } = split(board, parseSettings(board, merged));
      if ((row.settings[ADDRESS_SETTING] ?? null) !== (open[ADDRESS_SETTING] ?? null))
        await checkAddress(deps, board, open);
      requireSecretsForNewAddress(board, row.settings, open, oldSecrets, settingsPatch);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (patch.name !== undefined && patch.name !== row.name)
        changes.name = { from: row.name, to: patch.name };
      for (const key of new Set([...Object.keys(row.settings), ...Object.keys(open)])) {
        if (JSON.stringify(row.settings[key] ?? null) !== JSON.stringify(open[key] ?? null)) {
          changes[key] = { from: row.settings[key] ?? null, to: open[key] ?? null };
        }
      }
      const spending = spendingOf(patch);
      for (const [key, to] of Object.entries(spending)) {
        const from = row[key as keyof ConnectionSpending] ?? null;
        if (from !== to) changes[key] = { from, to };
      }
      for (const key of board.connection.secrets) {
        if (oldSecrets[key] !== secret[key])
          changes[key] = { from: '(set)', to: secret[key] ? '(changed)' : '(removed)' };
      }
      if (Object.keys(changes).length === 0) return present(row, board, oldSecrets);
      const now = deps.clock.now();
      const [updated] = await tx
        .update(boardConnections)
        .set({
          name: patch.name ?? row.name,
          settings: open,
          ...spending,
          secrets: deps.secretBox.seal(secret, sealContext(row)),
          updatedAt: now,
        })
        .where(
          and(eq(boardConnections.id, row.id), eq(boardConnections.organisationId, actor.organisationId)),
        )
        .returning();
      await recordActivity(tx, actor, { type: 'connection', id: row.id }, 'updated', changes, now);
      return present(updated!, board, secret);
    });
  } catch (error) {
    if (patch.name && isUniqueViolation(error, 'board_connections_name_unique')) throw nameTaken(patch.name);
    throw error;
  }
}

/** Removes a connection (admins): it is archived, so the history of postings made through it stays. */
export async function deleteConnection(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor, 'remove a board connection');
  await deps.db.transaction(async (tx) => {
    const row = await loadRow(tx, actor, id);
    const [active] = await tx
      .select({ count: count() })
      .from(postings)
      .where(and(eq(postings.connectionId, row.id), notInArray(postings.status, [...FINAL_STATUSES])));
    if (active && active.count > 0) {
      throw new AppError(
        'conflict',
        `${active.count} posting(s) through "${row.name}" are still open; close them first, so that no advert is left on the board unmanaged.`,
      );
    }
    const now = deps.clock.now();
    await tx
      .update(boardConnections)
      .set({ archivedAt: now, updatedAt: now })
      .where(and(eq(boardConnections.id, row.id), eq(boardConnections.organisationId, actor.organisationId)));
    await recordActivity(
      tx,
      actor,
      { type: 'connection', id: row.id },
      'removed',
      { name: { from: row.name, to: null } },
      now,
    );
  });
}
