import { useState } from 'react';
import { api, formatPence, issuesByPath, messageOf, type PendingApproval } from '../api';
import { Link, useTitle } from '../router';
import { Alert, Confirm, EmptyState, Field, formatTime, Loading, useLoad } from '../ui';

const WHY: Record<PendingApproval['reason'], string> = {
  connection: 'The connection needs approval',
  over_budget: 'Over this month’s budget',
};

type Decision = { kind: 'approve' | 'reject'; item: PendingApproval };

/** Posts waiting for an approver: approve (confirmed) or reject with a reason (approvers and admins). */
export function Approvals() {
  useTitle('Approvals');
  const list = useLoad(() => api<{ items: PendingApproval[] }>('GET', '/approvals'), []);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const open = (kind: Decision['kind'], item: PendingApproval) => {
    setDeciding({ kind, item });
    setReason('');
    setReasonError(undefined);
    setFailure(null);
  };
  const decide = async () => {
    if (!deciding) return;
    const { kind, item } = deciding;
    if (kind === 'reject' && !reason.trim()) {
      setReasonError('Give a reason for the rejection');
      return;
    }
    try {
      await api('POST', `/postings/${item.postingId}/${kind}`, kind === 'reject' ? { reason } : undefined);
      setDone(
        kind === 'approve'
          ? `Approved: ${item.vacancyTitle} is on its way to ${item.connectionName}.`
          : `Rejected: ${item.vacancyTitle} will not be sent to ${item.connectionName}.`,
      );
      setDeciding(null);
      list.reload();
    } catch (error) {
      const onField = issuesByPath(error).reason;
      if (onField) setReasonError(onField);
      else {
        setFailure(messageOf(error));
        setDeciding(null);
      }
    }
  };

  const items = list.data?.items;
  return (
    <>
      <h1>Approvals</h1>
      <p className="lead">
        Posts that wait for an approver before anything is sent to the board: approve to send them, or reject
        them with a reason. The person who posted sees your decision on the posting.
      </p>
      {done ? <Alert kind="success">{done}</Alert> : null}
      {failure ? <Alert>{failure}</Alert> : null}
      {list.error ? <Alert>{list.error}</Alert> : null}
      {!list.data && !list.error ? <Loading what="Loading the posts awaiting approval" /> : null}
      {items?.length === 0 ? <EmptyState title="Nothing is waiting for approval" /> : null}
      {items && items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Posts awaiting approval</caption>
            <thead>
              <tr>
                <th scope="col">Vacancy</th>
                <th scope="col">Board</th>
                <th scope="col">Posted by</th>
                <th scope="col">Why</th>
                <th scope="col">Cost</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.postingId}>
                  <td>
                    <Link to={`/postings/${item.postingId}`}>{item.vacancyTitle}</Link>
                    <br />
                    <span className="muted">{item.vacancyReference}</span>
                  </td>
                  <td>{item.connectionName}</td>
                  <td>
                    {item.requestedBy}
                    <br />
                    <span className="muted">{formatTime(item.requestedAt)}</span>
                  </td>
                  <td>{WHY[item.reason]}</td>
                  <td>{item.costPence === null ? '—' : formatPence(item.costPence)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button small"
                      onClick={() => open('approve', item)}
                      aria-label={`Approve ${item.vacancyTitle} on ${item.connectionName}`}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => open('reject', item)}
                      aria-label={`Reject ${item.vacancyTitle} on ${item.connectionName}`}
                    >
                      Reject
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Confirm
        open={deciding !== null}
        title={
          deciding?.kind === 'reject'
            ? `Reject ${deciding.item.vacancyTitle} on ${deciding.item.connectionName}?`
            : `Approve ${deciding?.item.vacancyTitle ?? ''} on ${deciding?.item.connectionName ?? ''}?`
        }
        confirmLabel={deciding?.kind === 'reject' ? 'Reject the post' : 'Approve and send'}
        danger={deciding?.kind === 'reject'}
        onConfirm={decide}
        onCancel={() => setDeciding(null)}
      >
        {deciding?.kind === 'reject' ? (
          <Field label="Reason" hint="The person who posted reads this." error={reasonError}>
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                rows={3}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
        ) : (
          <p>
            Postroom sends it to the board now (or at its scheduled time)
            {deciding?.item.costPence ? `, and it costs ${formatPence(deciding.item.costPence)}` : ''}.
          </p>
        )}
      </Confirm>
    </>
  );
}
