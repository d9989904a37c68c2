import { Field } from '../ui';
import { Section, TextField } from './controls';
import type { Form } from './form';
import type { FormFields, SavedLocation } from './useVacancyForm';

export function LocationSection({ f, locations }: { f: FormFields; locations: SavedLocation[] }) {
  const pick = (l: SavedLocation) =>
    f.change((form) => ({
      ...form,
      line1: l.line1,
      line2: l.line2 ?? '',
      town: l.town,
      postcode: l.postcode,
    }));
  return (
    <Section title="Location">
      {locations.length > 0 && !f.closed ? (
        <SavedLocationPicker locations={locations} form={f.form} onPick={pick} />
      ) : null}
      <TextField f={f} path="location.line1" name="line1" label="Address line 1" required />
      <TextField f={f} path="location.line2" name="line2" label="Address line 2" />
      <div className="row">
        <TextField f={f} path="location.town" name="town" label="Town or city" required />
        <TextField f={f} path="location.postcode" name="postcode" label="Postcode" required />
      </div>
    </Section>
  );
}

/** The organisation's saved locations (Admin › Organisation): choosing one fills the address. */
function SavedLocationPicker({
  locations,
  form,
  onPick,
}: {
  locations: SavedLocation[];
  form: Form;
  onPick: (location: SavedLocation) => void;
}) {
  // Shows the saved location the address is, so an edited address is no longer named as one.
  const current = locations.findIndex(
    (l) =>
      l.line1 === form.line1 &&
      (l.line2 ?? '') === form.line2 &&
      l.town === form.town &&
      l.postcode === form.postcode,
  );
  return (
    <Field label="Saved location" hint="Fills in the address below; you can still change it.">
      {({ id, describedBy }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          value={current < 0 ? '' : String(current)}
          onChange={(e) => {
            const chosen = locations[Number(e.target.value)];
            if (e.target.value !== '' && chosen) onPick(chosen);
          }}
        >
          <option value="">{current < 0 && form.line1 ? 'Another address' : 'Choose a location…'}</option>
          {locations.map((l, i) => (
            <option key={`${l.name}-${l.postcode}`} value={i}>
              {l.name} — {l.line1}, {l.town} {l.postcode}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
