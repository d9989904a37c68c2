import { SALARY_PERIODS } from '../api';
import { Section, SelectField, TextField } from './controls';
import type { FormFields } from './useVacancyForm';

export function SalarySection({ f }: { f: FormFields }) {
  return (
    <Section title="Salary">
      <div className="row">
        <TextField f={f} path="salary.min" name="salaryMin" label="From (£)" type="number" />
        <TextField f={f} path="salary.max" name="salaryMax" label="To (£)" type="number" />
        <SelectField f={f} name="salaryPeriod" label="Per" values={SALARY_PERIODS} />
      </div>
      <TextField
        f={f}
        path="salary.text"
        name="salaryText"
        label="Salary text"
        hint='Shown instead of the figures, e.g. "Negotiable".'
      />
    </Section>
  );
}

export function ApplyingSection({ f }: { f: FormFields }) {
  return (
    <Section title="Applying">
      <div className="row">
        <TextField f={f} path="closingDate" name="closingDate" label="Closing date" type="date" required />
        <TextField f={f} path="replyToEmail" name="replyToEmail" label="Reply-to e-mail" type="email" />
      </div>
    </Section>
  );
}
