/*
 * The Teaching Vacancies sandbox's model: UK-time dates, the organisations a vacancy is for, the
 * model validation (422 `<attribute>: <message>`) and the two duplicates (409), as
 * boards/teaching-vacancies.md describes them. Its own reading of the contract, not the adapter's.
 */
import { SANDBOX_SCHOOLS, SANDBOX_TRUSTS, type SandboxState, type SandboxVacancy } from './sandbox-state.js';

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** London's offset from UTC at this instant, in minutes (0 in winter, 60 in summer). */
function londonOffset(at: Date): number {
  const parts = Object.fromEntries(LONDON.formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The UK calendar day of an instant. */
export const ukDay = (at: Date) => {
  const local = new Date(at.getTime() + londonOffset(at) * 60_000);
  return local.toISOString().slice(0, 10);
};

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `expires_at` as Rails reads it: no offset → UK time; a date alone → 00:00 UK; nonsense → null. */
export function parseUkTime(text: string): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1, 7).map((x) => x ?? undefined) as string[];
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59) return null;
  const zone = m[7];
  if (zone === 'Z') return check;
  if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.replace(/[^\d]/g, '');
    return new Date(wall - sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000);
  }
  const guess = new Date(wall - londonOffset(new Date(wall)) * 60_000);
  return new Date(wall - londonOffset(guess) * 60_000);
}

/** `2026-04-17T09:00:00.000+01:00`: the instant in UK time, as the API shows it. */
export function ukTimeText(at: Date): string {
  const offset = londonOffset(at);
  const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 23);
  const hours = String(Math.floor(offset / 60)).padStart(2, '0');
  return `${local}+${hours}:${String(offset % 60).padStart(2, '0')}`;
}

/** `starts_on`: a date (`2026-09-04`, `04/09/2026`) kept as a date, anything else as text. */
export function startsOn(text: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (iso) return text.trim();
  if (uk) return `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return text;
}

/** The organisations the `schools` object names, or the 422 message when there are none. */
export function resolveSchools(
  schools: Record<string, unknown>,
): { organisations: string[] } | { error: string } {
  const urns = Array.isArray(schools.school_urns) ? (schools.school_urns as string[]) : [];
  const trust = typeof schools.trust_uid === 'string' ? schools.trust_uid : undefined;
  if (trust !== undefined && !SANDBOX_TRUSTS.some((t) => t.uid === trust))
    return { error: 'No valid organisations found' };
  if (trust !== undefined && urns.length === 0) return { organisations: [`trust:${trust}`] };
  const matched = SANDBOX_SCHOOLS.filter(
    (s) =>
      urns.includes(s.urn) &&
      s.detailedType !== 'Further education' &&
      (trust === undefined || s.trustUid === trust),
  );
  const ineligible = matched.find((s) => INELIGIBLE.includes(s.detailedType));
  if (ineligible)
    return { error: `School type '${ineligible.detailedType}' is not eligible to post vacancies` };
  if (matched.length === 0) return { error: 'No valid organisations found' };
  return { organisations: matched.map((s) => s.urn) };
}

const INELIGIBLE = [
  'Other independent school',
  'Online provider',
  'British schools overseas',
  'Institution funded by other government department',
  'Miscellaneous',
  'Offshore schools',
  'Service children’s education',
  'Special post 16 institution',
  'Other independent special school',
  'Higher education institutions',
  'Welsh establishment',
];

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** The model's messages (`<attribute>: <message>`), in TV's words. */
export function modelErrors(
  vacancy: Record<string, unknown>,
  expiresAt: Date | null,
  publishOn: string,
  today: string,
): string[] {
  const errors: string[] = [];
  const title = String(vacancy.job_title ?? '');
  if (blank(title)) errors.push("job_title: can't be blank");
  else if ([...title].length > 75) errors.push('job_title: must be 75 characters or fewer');
  if (blank(vacancy.job_advert)) errors.push("job_advert: can't be blank");
  if (blank(vacancy.external_advert_url)) errors.push("external_advert_url: can't be blank");
  if (blank(vacancy.salary)) errors.push('salary: Enter full-time salary');
  if (blank(vacancy.external_reference)) errors.push('external_reference: Enter an external reference');
  if (!expiresAt) errors.push("expires_at: can't be blank");
  else if (ukDay(expiresAt) <= today) errors.push('expires_at: must be a future date');
  else if (ukDay(expiresAt) <= publishOn)
    errors.push('expires_at: must be at least one day after the publish date');
  return errors;
}

const sameList = (a: unknown, b: unknown) =>
  JSON.stringify([...((a as string[]) ?? [])].sort()) === JSON.stringify([...((b as string[]) ?? [])].sort());

/** The 409 to answer, if any: the same reference for this key, or the same content for an organisation. */
export function conflictOf(
  state: SandboxState,
  client: string,
  candidate: Pick<SandboxVacancy, 'organisations' | 'attributes' | 'expiresAt'>,
  self?: string,
): { message: string; id: string } | null {
  const live = [...state.vacancies.values()].filter((v) => !v.deleted && v.id !== self);
  const a = candidate.attributes;
  const byReference = live.find(
    (v) => v.client === client && v.attributes.external_reference === a.external_reference,
  );
  const byContent = live.find(
    (v) =>
      v.organisations.some((o) => candidate.organisations.includes(o)) &&
      v.attributes.job_title === a.job_title &&
      v.expiresAt.getTime() === candidate.expiresAt.getTime() &&
      v.attributes.contract_type === a.contract_type &&
      v.attributes.salary === a.salary &&
      sameList(v.attributes.working_patterns, a.working_patterns) &&
      sameList(v.attributes.phases, a.phases),
  );
  if (byContent)
    return {
      message:
        'A vacancy with the same job title, expiry date, contract type, working patterns, phases and salary already exists for this organisation.',
      id: (byReference ?? byContent).id,
    };
  if (byReference)
    return {
      message: 'A vacancy with the provided ATS client ID and external reference already exists.',
      id: byReference.id,
    };
  return null;
}
