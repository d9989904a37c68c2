// Spend through a connection (docs/postings.md, "Approvals and spend"): a posting's cost counts in the
// month it was accepted for sending (posted, or approved), unless it ended without the board ever
// holding the advert (rejected, failed before it was sent, or closed before it was sent).
import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { postings } from '../../db/schema.js';
import { monthOf } from '../../domain/money.js';

/** True for a posting whose cost counts as spent. */
export const costCounts: SQL = sql`(${postings.chargedAt} is not null and (${postings.postedAt} is not null or ${postings.status} not in ('failed', 'closed', 'expired', 'rejected')))`;

/** What the organisation spent through one connection in the calendar month (UTC) of `at`, in pence. */
export async function monthSpend(
  tx: DbOrTx,
  organisationId: string,
  connectionId: string,
  at: Date,
): Promise<number> {
  const { start, end } = monthOf(at);
  const [row] = await tx
    .select({ spent: sql<string | null>`sum(${postings.costPence})` })
    .from(postings)
    .where(
      and(
        eq(postings.organisationId, organisationId),
        eq(postings.connectionId, connectionId),
        gte(postings.chargedAt, start),
        lt(postings.chargedAt, end),
        costCounts,
      ),
    );
  return Number(row?.spent ?? 0);
}
