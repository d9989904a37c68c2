import { type Form, isFixedLength, num } from './form';

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function personSpecification(f: Form) {
  const lines = (key: string) =>
    (f.lists[key] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const spec = (kind: 'essential' | 'desirable') => ({
    qualifications: lines(`${kind}.qualifications`),
    experience: lines(`${kind}.experience`),
    skills: lines(`${kind}.skills`),
  });
  return { essential: spec('essential'), desirable: spec('desirable') };
}

function salary(f: Form) {
  const hasSalary = f.salaryMin.trim() || f.salaryMax.trim() || f.salaryText.trim();
  if (!hasSalary) return null;
  return {
    ...(num(f.salaryMin) !== undefined ? { min: num(f.salaryMin) } : {}),
    ...(num(f.salaryMax) !== undefined ? { max: num(f.salaryMax) } : {}),
    period: f.salaryPeriod,
    ...(f.salaryText.trim() ? { text: f.salaryText.trim() } : {}),
  };
}

/** The request body of a save: POST (creating, nulls left out) or PATCH. */
export function toBody(f: Form, creating: boolean) {
  const body: Record<string, unknown> = {
    title: f.title,
    employmentType: f.employmentType,
    contractLength:
      isFixedLength(f.employmentType) && f.contractLength.trim()
        ? { length: Number(f.contractLength), unit: f.contractUnit }
        : null,
    hours: f.hours,
    weeklyHours: num(f.weeklyHours) ?? null,
    workplace: f.workplace,
    location: {
      line1: f.line1,
      ...(f.line2.trim() ? { line2: f.line2 } : {}),
      town: f.town,
      postcode: f.postcode,
    },
    salary: salary(f),
    summary: orNull(f.summary),
    description: f.description,
    replyToEmail: orNull(f.replyToEmail),
    closingDate: f.closingDate || undefined,
    category: orNull(f.category),
    videoUrl: orNull(f.videoUrl),
    personSpecification: personSpecification(f),
  };
  if (f.reference.trim()) body.reference = f.reference.trim();
  if (creating) for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
  return body;
}
