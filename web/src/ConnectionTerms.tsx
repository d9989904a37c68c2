import { type Connection, formatPence } from './api';
import { useSession } from './session';

/**
 * What posting through a connection costs and whether it waits for an approver, shown before
 * sending. An admin's or approver's own post needs no approval.
 */
export function ConnectionTerms({ connection }: { connection: Connection }) {
  const { role } = useSession().user;
  const held = connection.requiresApproval && role === 'recruiter';
  if (connection.costPence === null && !held) return null;
  return (
    <div className="connection-terms">
      {connection.costPence !== null ? (
        <p className="hint">
          Cost: <span className="strong">{formatPence(connection.costPence)}</span> per posting
          {connection.monthlyBudgetPence !== null
            ? `, within a monthly budget of ${formatPence(connection.monthlyBudgetPence)}`
            : ''}
          .
        </p>
      ) : null}
      {held ? (
        <p className="warning-message">
          This board needs approval before posting: an approver decides before anything is sent.
        </p>
      ) : null}
    </div>
  );
}
