import type { Connection } from '../../api';
import { Field } from '../../ui';

/** The spending settings as the form holds them: amounts in pounds, as typed. */
export interface SpendingDraft {
  requiresApproval: boolean;
  cost: string;
  budget: string;
}

const poundsOf = (pence: number | null | undefined) =>
  pence === null || pence === undefined ? '' : (pence / 100).toFixed(2);

export const spendingDraft = (connection: Connection | null): SpendingDraft => ({
  requiresApproval: connection?.requiresApproval ?? false,
  cost: poundsOf(connection?.costPence),
  budget: poundsOf(connection?.monthlyBudgetPence),
});

/** Pounds as typed ("125", "125.50", "£1,250") to pence; null when empty; undefined when not an amount. */
export function penceOf(text: string): number | null | undefined {
  const plain = text.trim().replace(/^£/, '').replace(/,/g, '');
  if (plain === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return undefined;
  return Math.round(Number(plain) * 100);
}

const AMOUNT_ERROR = 'Enter an amount in pounds, like 125 or 125.50';

/** The body's spending part, or the errors of amounts that are not amounts. */
export function spendingBody(draft: SpendingDraft) {
  const costPence = penceOf(draft.cost);
  const monthlyBudgetPence = penceOf(draft.budget);
  const errors: Record<string, string> = {};
  if (costPence === undefined) errors.costPence = AMOUNT_ERROR;
  if (monthlyBudgetPence === undefined) errors.monthlyBudgetPence = AMOUNT_ERROR;
  return { body: { requiresApproval: draft.requiresApproval, costPence, monthlyBudgetPence }, errors };
}

/** Approval before posting, cost per posting and monthly budget of a connection (admins). */
export function SpendingFields({
  draft,
  issues,
  onChange,
}: {
  draft: SpendingDraft;
  issues: Record<string, string>;
  onChange: (draft: SpendingDraft) => void;
}) {
  return (
    <fieldset className="spending">
      <legend>Approval and spend</legend>
      <div className="field">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.requiresApproval}
            onChange={(e) => onChange({ ...draft, requiresApproval: e.target.checked })}
          />
          Recruiters’ posts need approval (by an admin or approver) before they are sent
        </label>
      </div>
      <Field label="Cost per posting (£)" hint="Leave empty if you do not track it." error={issues.costPence}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            inputMode="decimal"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={draft.cost}
            onChange={(e) => onChange({ ...draft, cost: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Monthly budget (£)"
        hint="A post that would go over it is refused or sent for approval, as the organisation’s setting says. Leave empty for no budget."
        error={issues.monthlyBudgetPence}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            inputMode="decimal"
            aria-describedby={describedBy}
            aria-invalid={invalid}
            value={draft.budget}
            onChange={(e) => onChange({ ...draft, budget: e.target.value })}
          />
        )}
      </Field>
    </fieldset>
  );
}
