import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { longDate } from './format.js';
import { html, raw, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { careersPaths } from './urls.js';

type Org = Pick<Organisation, 'name' | 'slug' | 'retentionMonths'>;

/** The apply form's fields in page order; each id is also the field's name. */
export const APPLY_FIELDS = ['name', 'email', 'phone', 'cv', 'coverNote', 'consent'] as const;
export type ApplyField = (typeof APPLY_FIELDS)[number];

/** What the candidate typed, sent back on a bad submit so nothing is lost (a file cannot be). */
export interface ApplyValues {
  name: string;
  email: string;
  phone: string;
  coverNote: string;
  consent: boolean;
}

export const EMPTY_APPLY_VALUES: ApplyValues = {
  name: '',
  email: '',
  phone: '',
  coverNote: '',
  consent: false,
};

export interface ApplyFormState {
  values: ApplyValues;
  errors: Partial<Record<ApplyField, string>>;
  submissionKey: string;
  /** The tracking token the form posts back, so attribution works without cookies too. */
  source: string | null;
  /** A CV was sent with a submit that failed, so the candidate must choose it again. */
  cvDropped: boolean;
  /** Why a complete form was not taken (too many applications, no room for CVs), shown above it. */
  refusal?: { title: string; message: string };
}

/** The honeypot's name: a field people never see or reach, which form-filling robots fill in. */
export const HONEYPOT_FIELD = 'website';

const site = (org: Org) => ({ name: org.name, listPath: careersPaths.list(org.slug) });

function field(
  id: ApplyField,
  error: string | undefined,
  parts: {
    label: SafeHtml | string;
    hint?: SafeHtml | string | null;
    control: (describedBy: string) => SafeHtml;
  },
): SafeHtml {
  const describedBy = [parts.hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return html`<div class="field${error ? ' field-error' : ''}">
<label for="${id}">${parts.label}</label>
${parts.hint ? html`<p class="hint" id="${id}-hint">${parts.hint}</p>` : ''}
${error ? html`<p class="error-message" id="${id}-error"><span class="vh">Error:</span> ${error}</p>` : ''}
${parts.control(describedBy)}
</div>`;
}

const describe = (ids: string) => (ids ? html` aria-describedby="${ids}"` : html``);
const invalid = (error: string | undefined) => (error ? html` aria-invalid="true"` : html``);

function refusalSummary(refusal: ApplyFormState['refusal']): SafeHtml {
  if (!refusal) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="refusal-title" tabindex="-1">
<h2 id="refusal-title">${refusal.title}</h2>
<p>${refusal.message}</p>
</div>`;
}

// Hidden from sight, from screen readers and from the tab order; its label still says what to do
// for anyone who meets it anyway (say, with styles turned off).
const honeypot = html`<div class="vh" aria-hidden="true">
<label for="${HONEYPOT_FIELD}">Leave this field empty</label>
<input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" value="" tabindex="-1" autocomplete="off">
</div>`;

function errorSummary(errors: ApplyFormState['errors']): SafeHtml {
  const listed = APPLY_FIELDS.filter((f) => errors[f]);
  if (listed.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${listed.map((f) => html`<li><a href="#${f}">${errors[f]}</a></li>`)}</ul>
</div>`;
}

/** The apply form: labelled fields, hints, an error summary linked to the fields, and the privacy notice. */
export function applyPage(org: Org, vacancy: Vacancy, state: ApplyFormState): string {
  const { values, errors } = state;
  const hasErrors = Object.keys(errors).length > 0 || Boolean(state.refusal);
  const action = careersPaths.apply(org.slug, vacancy.reference, state.source);
  const cvHint = html`A PDF or Word (.docx) file, 5 MB or smaller.${
    state.cvDropped
      ? html` <strong>Choose your CV again:</strong> files are not kept when the form has a problem.`
      : ''
  }`;
  return layout({
    title: `${hasErrors ? 'Error: ' : ''}Apply for ${vacancy.title} – ${org.name}`,
    organisation: site(org),
    body: html`<p><a href="${careersPaths.advert(org.slug, vacancy.reference)}">Back to the advert</a></p>
${refusalSummary(state.refusal)}${errorSummary(errors)}
<h1>Apply for ${vacancy.title}</h1>
<p>Closing date: <time datetime="${vacancy.closingDate}">${longDate(vacancy.closingDate)}</time>. Reference ${vacancy.reference}.</p>
<form method="post" action="${action}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="submissionKey" value="${state.submissionKey}">
${honeypot}
${field('name', errors.name, {
  label: 'Full name',
  control: (d) =>
    html`<input id="name" name="name" type="text" value="${values.name}" maxlength="200" autocomplete="name" spellcheck="false"${describe(d)}${invalid(errors.name)}>`,
})}
${field('email', errors.email, {
  label: 'Email address',
  hint: 'We will only use this to contact you about your application.',
  control: (d) =>
    html`<input id="email" name="email" type="email" value="${values.email}" maxlength="254" autocomplete="email" spellcheck="false"${describe(d)}${invalid(errors.email)}>`,
})}
${field('phone', errors.phone, {
  label: 'Telephone number',
  hint: 'For international numbers include the country code, like +44.',
  control: (d) =>
    html`<input id="phone" name="phone" type="tel" value="${values.phone}" maxlength="30" autocomplete="tel"${describe(d)}${invalid(errors.phone)}>`,
})}
${field('cv', errors.cv, {
  label: 'Your CV',
  hint: cvHint,
  control: (d) =>
    html`<input id="cv" name="cv" type="file" accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"${describe(d)}${invalid(errors.cv)}>`,
})}
${field('coverNote', errors.coverNote, {
  label: 'Cover note (optional)',
  hint: 'Tell us why you want the job and what you would bring to it. Up to 5,000 characters.',
  control: (d) =>
    html`<textarea id="coverNote" name="coverNote" rows="8"${describe(d)}${invalid(errors.coverNote)}>${values.coverNote}</textarea>`,
})}
<h2 id="privacy">How we use your information</h2>
<p>${org.name} uses the details and CV you send only to consider you for this job and to contact you about it. Your application is stored securely and is seen only by the people recruiting for ${org.name}. You can ask ${org.name} to see or delete your information at any time.</p>
<p>${keptFor(org)}</p>
<div class="field${errors.consent ? ' field-error' : ''}">
${errors.consent ? html`<p class="error-message" id="consent-error"><span class="vh">Error:</span> ${errors.consent}</p>` : ''}
<div class="checkbox">
<input id="consent" name="consent" type="checkbox" value="yes"${raw(values.consent ? ' checked' : '')}${describe(errors.consent ? 'consent-error' : '')}${invalid(errors.consent)}>
<label for="consent">I have read how my information will be used (<a href="#privacy">privacy notice</a>) and agree to it</label>
</div>
</div>
<button type="submit">Send application</button>
</form>`,
  });
}

/** The retention period, as candidates read it on the form and the confirmation. */
const keptFor = (org: Org) =>
  `We keep your application and CV for ${org.retentionMonths} ${org.retentionMonths === 1 ? 'month' : 'months'} after this vacancy closes, then delete them.`;

/** The confirmation, also shown again for a repeated submit of the same form. */
export function confirmationPage(org: Org, vacancy: Vacancy, application: { email: string }): string {
  return layout({
    title: `Application received – ${vacancy.title} – ${org.name}`,
    organisation: site(org),
    body: html`<div class="panel">
<h1>Application received</h1>
<p>Your application for ${vacancy.title} has been sent to ${org.name}.</p>
</div>
<h2>What happens next</h2>
<p>The recruiting team at ${org.name} will read your application after the closing date, ${longDate(vacancy.closingDate)}.</p>
<p>They will contact you at ${application.email} to tell you whether you have been invited to an interview.</p>
<p>You do not need to do anything else, and there is no need to apply again.</p>
<p>${keptFor(org)}</p>
<p><a href="${careersPaths.list(org.slug)}">See other vacancies at ${org.name}</a></p>`,
  });
}
