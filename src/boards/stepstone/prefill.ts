import type { Vacancy } from '../../domain/vacancy.js';
import type { PostingFields, PrefillContext } from '../board.js';
import { escapeXml as escapeHtml } from '../xml.js';

const DAY_MS = 86_400_000;
const WORKPLACES: Record<Vacancy['workplace'], string> = {
  onsite: 'On site',
  hybrid: 'Hybrid (part on site, part at home)',
  remote: 'Remote',
  home: 'Home working',
};

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`)
    .join('');

const list = (heading: string, items: readonly string[]) =>
  items.length === 0
    ? ''
    : `<p><strong>${heading}</strong></p><ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;

/** The person specification as StepStone's "Profile" box, essential first. */
function profileHtml({ personSpecification: spec }: Vacancy): string {
  return (
    list('Essential', [
      ...spec.essential.qualifications,
      ...spec.essential.experience,
      ...spec.essential.skills,
    ]) +
    list('Desirable', [
      ...spec.desirable.qualifications,
      ...spec.desirable.experience,
      ...spec.desirable.skills,
    ])
  );
}

/** Summary and salary: no public copy shows a salary node, so they go into the "Offer" box. */
function offerHtml({ summary, salary }: Vacancy): string {
  const figures =
    salary && (salary.min !== undefined || salary.max !== undefined)
      ? `£${[salary.min, salary.max]
          .filter((n) => n !== undefined)
          .map((n) => n.toLocaleString('en-GB'))
          .join(' to £')} a ${salary.period}`
      : undefined;
  const lines = [summary ?? undefined, salary?.text ?? figures].filter((l): l is string => !!l);
  return lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('');
}

/** StepStone takes letters, digits, "-" and "_" in a reference: anything else becomes "-". */
export const referenceOf = (vacancyReference: string) => vacancyReference.replace(/[^A-Za-z0-9_-]/g, '-');

/** Days from today to the day after the closing date, so candidates can apply all through it. */
function liveDaysTo(closingDate: string, today: string): number | undefined {
  const days =
    Math.round((Date.parse(`${closingDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS) + 1;
  return days >= 1 ? days : undefined;
}

/** The fields as the vacancy fills them; the recruiter completes the rest (category ids). */
export function prefillStepStone({
  vacancy,
  organisation,
  trackingUrl,
  today,
}: PrefillContext): PostingFields {
  const fields: PostingFields = {
    title: vacancy.title,
    reference: referenceOf(vacancy.reference),
    introduction: organisation.about ? paragraphs(organisation.about) : undefined,
    tasks: `${vacancy.description}<p>Workplace: ${escapeHtml(WORKPLACES[vacancy.workplace])}</p>`,
    profile: profileHtml(vacancy),
    offer: offerHtml(vacancy),
    contactInfo: `<p>Apply at <a href="${escapeHtml(trackingUrl)}">${escapeHtml(trackingUrl)}</a></p>`,
    city: vacancy.location.town,
    postcode: vacancy.location.postcode,
    street: vacancy.location.line1,
    applyUrl: trackingUrl,
    applyEmail: vacancy.replyToEmail,
    category: vacancy.category,
    employmentType: vacancy.employmentType,
    hours: vacancy.hours,
    companyName: organisation.name,
    videoUrl: vacancy.videoUrl,
    liveDays: liveDaysTo(vacancy.closingDate, today),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}
