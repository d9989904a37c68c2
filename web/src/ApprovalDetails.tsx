import type { Posting } from './api';
import { Link } from './router';
import { useSession } from './session';
import { formatTime } from './ui';

const WHY = {
  connection: 'the connection needs approval',
  over_budget: 'it would go over this month’s budget',
} as const;

/** The approval of a posting that needed one, as terms of the posting's description list. */
export function ApprovalDetails({ posting }: { posting: Posting }) {
  const { role } = useSession().user;
  const approval = posting.approval;
  if (!approval) return null;
  const decision = approval.decision;
  return (
    <>
      <dt>Approval</dt>
      <dd data-testid="approval">
        Asked by {approval.requestedBy.label} on {formatTime(approval.requestedAt)}: {WHY[approval.reason]}.
        {decision ? (
          <>
            {' '}
            {decision.outcome === 'approved' ? 'Approved' : 'Rejected'} by {decision.by} on{' '}
            {formatTime(decision.at)}
            {decision.reason ? `: ${decision.reason}` : ''}.
          </>
        ) : role !== 'recruiter' ? (
          <>
            {' '}
            <Link to="/approvals">Approve or reject it</Link>
          </>
        ) : (
          ' Waiting for an approver.'
        )}
      </dd>
    </>
  );
}
