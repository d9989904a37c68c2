import { EMPLOYMENT_TYPES, HOURS, LIMITS, WORKPLACES } from '../api';
import { Section, SelectField, TextField } from './controls';
import { isFixedLength } from './form';
import type { CopyOf } from './useCopyOf';
import type { FormFields } from './useVacancyForm';

export function JobSection({ f, copyOf }: { f: FormFields; copyOf: CopyOf | null }) {
  return (
    <Section title="The job">
      <TextField
        f={f}
        path="title"
        name="title"
        label="Job title"
        required
        max={LIMITS.title}
        hint={
          copyOf
            ? copyOf.template
              ? `The title from the template “${copyOf.template}”: rename it if this post differs.`
              : 'The same title as the vacancy it was copied from: rename it.'
            : undefined
        }
      />
      <TextField
        f={f}
        path="reference"
        name="reference"
        label="Reference"
        hint="Unique in your organisation; it appears in web addresses. Left empty, Postroom makes one."
      />
      <div className="row">
        <SelectField f={f} name="employmentType" label="Employment type" values={EMPLOYMENT_TYPES} />
        <SelectField f={f} name="workplace" label="Workplace" values={WORKPLACES} />
      </div>
      {isFixedLength(f.form.employmentType) ? (
        <div className="row">
          <TextField
            f={f}
            path="contractLength.length"
            name="contractLength"
            label="Contract length"
            type="number"
          />
          <SelectField f={f} name="contractUnit" label="Unit" values={['months', 'weeks']} />
        </div>
      ) : null}
      <div className="row">
        <SelectField f={f} name="hours" label="Hours" values={HOURS} />
        <TextField f={f} path="weeklyHours" name="weeklyHours" label="Hours a week" type="number" />
      </div>
      <TextField
        f={f}
        path="category"
        name="category"
        label="Category"
        hint="For example Nursing, or Estates."
      />
    </Section>
  );
}
