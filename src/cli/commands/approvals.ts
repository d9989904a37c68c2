import type { Command } from 'commander';
import { formatPence } from '../../domain/money.js';
import { withPostings } from '../database.js';
import type { ApprovalRow } from '../postings-gateway.js';

const WHY: Record<string, string> = { connection: 'needs approval', over_budget: 'over budget' };

/** The rows as tab-separated lines: posting id first, so a script can pick it. */
export const approvalLines = (rows: ApprovalRow[]) =>
  rows.map((r) =>
    [
      r.postingId,
      r.vacancyReference,
      r.connectionName,
      WHY[r.reason] ?? r.reason,
      r.requestedBy,
      r.costPence === null ? '' : formatPence(r.costPence),
    ].join('\t'),
  );

/** `postroom approvals`: list the posts awaiting approval; approve or reject one (as the operator). */
export function approvalsCommand(program: Command) {
  const approvals = program
    .command('approvals')
    .description(
      'List the posts awaiting approval (posting id, vacancy, connection, why, who posted, cost), or approve or reject one. The command line acts as the operator, with an admin’s rights.',
    )
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .action(async (opts: { org?: string }) => {
      const rows = await withPostings('approvals', opts.org, false, (gateway) => gateway.approvals(), {
        readOnly: true,
      });
      if (rows.length === 0) console.error('Nothing is waiting for approval.');
      for (const line of approvalLines(rows)) console.log(line);
    });
  approvals
    .command('approve')
    .description('Approve a post awaiting approval: it is sent (or scheduled) as the post would have been')
    .argument('<posting-id>', 'the posting, as `postroom approvals` lists it')
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .action(async (id: string, opts: { org?: string }) => {
      const posting = await withPostings('approvals approve', opts.org, false, (gateway) =>
        gateway.decide(id, { approve: true }),
      );
      console.log(`${posting.status}\t${posting.statusText}`);
    });
  approvals
    .command('reject')
    .description('Reject a post awaiting approval, with a reason: nothing is ever sent')
    .argument('<posting-id>', 'the posting, as `postroom approvals` lists it')
    .requiredOption('--reason <text>', 'why, in words the person who posted reads')
    .option('--org <slug>', 'the organisation (needed only when there are several)')
    .action(async (id: string, opts: { org?: string; reason: string }) => {
      const posting = await withPostings('approvals reject', opts.org, false, (gateway) =>
        gateway.decide(id, { approve: false, reason: opts.reason }),
      );
      console.log(`${posting.status}\t${posting.statusText}`);
    });
}
