import { useState } from 'react';
import { api, messageOf, type Organisation } from '../../api';
import { Alert, Loading, useLoad } from '../../ui';

const CHOICES: [Organisation['overBudget'], string][] = [
  ['refuse', 'Refuse the post, with a message saying so'],
  ['approve', 'Hold a recruiter’s post for an approver (an admin’s or approver’s own post goes)'],
];

/** The organisation's choice for a post over a connection's monthly budget (admins). */
export function OverBudgetSetting() {
  const org = useLoad(() => api<Organisation>('GET', '/organisation'), []);
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  if (!org.data) return org.error ? <Alert>{org.error}</Alert> : <Loading what="Loading the setting" />;
  const choose = async (overBudget: Organisation['overBudget']) => {
    try {
      await api('PATCH', '/organisation', { overBudget });
      setStatus({ kind: 'success', text: 'Saved.' });
      org.reload();
    } catch (error) {
      setStatus({ kind: 'error', text: messageOf(error) });
    }
  };
  return (
    <fieldset className="section">
      <legend>When a post would go over a connection’s monthly budget</legend>
      {CHOICES.map(([value, label]) => (
        <label key={value} className="radio">
          <input
            type="radio"
            name="overBudget"
            value={value}
            checked={org.data?.overBudget === value}
            onChange={() => choose(value)}
          />
          {label}
        </label>
      ))}
      {status ? <Alert kind={status.kind}>{status.text}</Alert> : null}
    </fieldset>
  );
}
