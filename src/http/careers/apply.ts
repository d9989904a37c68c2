import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CV_MAX_BYTES, type CvType, sniffCv } from '../../domain/application.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Vacancy } from '../../domain/vacancy.js';
import { type ApplyRefusal, takeApplySlot } from '../../services/applications/apply-limits.js';
import { type ApplicationInput, submitApplication } from '../../services/applications/submit-application.js';
import { findPublicVacancy } from '../../services/careers/public-vacancy.js';
import type { ServiceDeps } from '../../services/deps.js';
import { findOrganisationBySlug } from '../../services/organisations.js';
import {
  type ApplyFormState,
  type ApplyValues,
  applyPage,
  confirmationPage,
  EMPTY_APPLY_VALUES,
  HONEYPOT_FIELD,
} from './apply-pages.js';
import { trackVisit } from './attribution.js';
import { gonePage, notFoundPage } from './pages.js';
import { isIssuedSubmissionKey, issueSubmissionKey } from './submission-key.js';
import { careersPaths } from './urls.js';

type SendPage = (reply: FastifyReply, status: number, body: string, cache?: string) => FastifyReply;
type VacancyParams = { Params: { org: string; vacancy: string }; Querystring: unknown };

/** Forms carry personal data and a one-time key: never stored by any cache. */
const NO_STORE = 'no-store';

/** The busboy limits: one CV a little over 5 MB (so "too big" can be told from "just right"), a few short fields. */
export const MULTIPART_LIMITS = {
  fileSize: CV_MAX_BYTES + 1024,
  files: 1,
  fields: 10,
  fieldSize: 64 * 1024,
  parts: 12,
};

const LIMITS = { name: 200, email: 254, phone: 30, coverNote: 5000 };
// Pragmatic: something@something.tld, no spaces; the recruiter's reply is the real test.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_CHARS = /^\+?[0-9 ()-]+$/;

interface ReceivedCv {
  bytes: Buffer;
  size: number;
  filename: string;
}

interface ReceivedForm {
  fields: Record<string, string>;
  cv: ReceivedCv | null;
  /** The body could not be read as a form (not multipart, a second file, cut short). */
  unreadable: boolean;
}

async function readForm(request: FastifyRequest): Promise<ReceivedForm> {
  const fields: Record<string, string> = {};
  let cv: ReceivedCv | null = null;
  if (!request.isMultipart()) return { fields, cv, unreadable: true };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        let size = 0;
        // Read to the end (busboy stops at the limit), keeping no more than one byte over 5 MB.
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size <= CV_MAX_BYTES + 1) chunks.push(chunk);
        }
        if (part.file.truncated) size = Math.max(size, CV_MAX_BYTES + 1);
        if (part.fieldname === 'cv' && !cv)
          cv = { bytes: Buffer.concat(chunks), size, filename: part.filename };
      } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    request.log.info({ err: error }, 'apply form could not be read');
    return { fields, cv, unreadable: true };
  }
  return { fields, cv, unreadable: false };
}

/** Line breaks normalised, other control characters dropped, as a person would expect the text back. */
const clean = (text: string | undefined) =>
  (text ?? '').replace(/\r\n?/g, '\n').replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ''));

type Checked =
  | { ok: true; input: Omit<ApplicationInput, 'submissionKey' | 'sourceToken'> }
  | { ok: false; errors: ApplyFormState['errors']; values: ApplyValues };

/** Every problem at once, each on its field, in the words the GOV.UK design system uses. */
export function checkApplication(form: ReceivedForm): Checked {
  const values: ApplyValues = {
    name: clean(form.fields.name).replace(/\s+/g, ' ').trim(),
    email: clean(form.fields.email).trim(),
    phone: clean(form.fields.phone).trim(),
    coverNote: clean(form.fields.coverNote).trim(),
    consent: form.fields.consent === 'yes',
  };
  const errors: ApplyFormState['errors'] = {};
  if (!values.name) errors.name = 'Enter your full name';
  else if (values.name.length > LIMITS.name) errors.name = 'Your name must be 200 characters or fewer';
  if (!values.email) errors.email = 'Enter your email address';
  else if (values.email.length > LIMITS.email || !EMAIL.test(values.email))
    errors.email = 'Enter an email address in the correct format, like name@example.com';
  const digits = values.phone.replace(/\D/g, '').length;
  if (!values.phone) errors.phone = 'Enter a telephone number';
  else if (values.phone.length > LIMITS.phone || !PHONE_CHARS.test(values.phone) || digits < 7 || digits > 15)
    errors.phone = 'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192';
  let cvType: CvType | null = null;
  const cv = form.cv;
  if (form.unreadable && !cv)
    errors.cv = 'The form could not be read. Choose your CV and send the form again';
  else if (!cv || (cv.size === 0 && !cv.filename)) errors.cv = 'Select your CV';
  else if (cv.size > CV_MAX_BYTES) errors.cv = 'The CV must be 5 MB or smaller';
  else if (cv.size === 0) errors.cv = 'The selected file is empty';
  else {
    cvType = sniffCv(cv.bytes);
    if (!cvType) errors.cv = 'The CV must be a PDF or Word (.docx) file';
  }
  if (values.coverNote.length > LIMITS.coverNote)
    errors.coverNote = 'Your cover note must be 5,000 characters or fewer';
  if (!values.consent) errors.consent = 'Confirm you have read how your information will be used';
  if (Object.keys(errors).length > 0 || !cv || !cvType) return { ok: false, errors, values };
  return {
    ok: true,
    input: {
      name: values.name,
      email: values.email,
      phone: values.phone,
      coverNote: values.coverNote,
      cv: { bytes: cv.bytes, type: cvType, originalName: clean(cv.filename).slice(0, 255) },
    },
  };
}

function inTime(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function rateLimitRefusal(limited: ApplyRefusal): ApplyFormState['refusal'] {
  const wait = `Your answers are kept below: choose your CV again and send the form in ${inTime(limited.retryAfterSeconds)}.`;
  return limited.limit === 'address'
    ? {
        title: 'Too many applications from your network',
        message: `This site takes only a few applications from one network at a time. ${wait}`,
      }
    : {
        title: 'This job has had a lot of applications in a short time',
        message: `To keep the site working for everyone, it takes them a few at a time. ${wait}`,
      };
}

/** The apply form and its submit: `/careers/<org>/<vacancy>/apply`. */
export async function applyRoutes(
  app: FastifyInstance,
  deps: ServiceDeps,
  options: { uploadsDir: string; sendPage: SendPage },
): Promise<void> {
  const { sendPage } = options;
  const hidden = { schema: { hide: true } };
  const secure = deps.publicUrl.startsWith('https:');

  /** The organisation and its open vacancy, or the 404 / 410 page already sent. */
  async function openVacancy(request: FastifyRequest<VacancyParams>, reply: FastifyReply) {
    const org = await findOrganisationBySlug(deps, request.params.org);
    if (!org) return { sent: sendPage(reply, 404, notFoundPage(null), 'no-cache') };
    const found = await findPublicVacancy(deps, org.id, request.params.vacancy);
    if (!found) return { sent: sendPage(reply, 404, notFoundPage(org), 'no-cache') };
    if (found.state === 'gone') return { sent: sendPage(reply, 410, gonePage(org, found.vacancy), NO_STORE) };
    return { org, vacancy: found.vacancy };
  }

  function track(
    request: FastifyRequest<VacancyParams>,
    reply: FastifyReply,
    org: Organisation,
    reference: string,
  ) {
    const tracking = trackVisit(request, { vacancyPath: careersPaths.advert(org.slug, reference), secure });
    if (tracking.setCookie) reply.header('set-cookie', tracking.setCookie);
    return tracking.token;
  }

  /**
   * A complete form past every limit is stored and confirmed. One that is not taken comes back
   * with everything typed, and says why: too many applications (429, Retry-After) or no room
   * left for CVs (507).
   */
  async function takeApplication(
    request: FastifyRequest<VacancyParams>,
    reply: FastifyReply,
    { org, vacancy }: { org: Organisation; vacancy: Vacancy },
    input: ApplicationInput,
  ) {
    const refuse = (status: number, refusal: ApplyFormState['refusal']) => {
      const { name, email, phone, coverNote } = input;
      const values = { name, email, phone, coverNote, consent: true };
      const state: ApplyFormState = {
        values,
        errors: {},
        submissionKey: input.submissionKey,
        source: input.sourceToken,
        cvDropped: true,
        refusal,
      };
      return sendPage(reply, status, applyPage(org, vacancy, state), NO_STORE);
    };
    const limited = await takeApplySlot(deps, deps.applyLimits, {
      address: request.ip,
      vacancyId: vacancy.id,
    });
    if (limited) {
      request.log.info({ vacancy: vacancy.id, limit: limited.limit }, 'apply form rate limit reached');
      reply.header('retry-after', String(limited.retryAfterSeconds));
      return refuse(429, rateLimitRefusal(limited));
    }
    const target = { organisationId: org.id, vacancyId: vacancy.id };
    const storage = { uploadsDir: options.uploadsDir, uploadQuotaBytes: deps.applyLimits.uploadQuotaBytes };
    let result = await submitApplication(deps, storage, target, input);
    // A replay of someone else's form is this candidate's own application, under a key of its own.
    if (result.kind === 'key_taken') {
      const fresh = { ...input, submissionKey: issueSubmissionKey(deps.secretBox, target) };
      result = await submitApplication(deps, storage, target, fresh);
    }
    if (result.kind === 'quota_full') {
      request.log.warn(
        { organisation: org.id },
        'the organisation has reached its upload quota (POSTROOM_UPLOAD_QUOTA_MB)',
      );
      return refuse(507, {
        title: 'Your application could not be sent',
        message: `${org.name} cannot take more applications through this site at the moment. Your answers are kept below: try again later, or contact ${org.name} directly.`,
      });
    }
    if (result.kind === 'key_taken') throw new Error('A newly issued submission key was already taken');
    return sendPage(reply, 200, confirmationPage(org, vacancy, result.application), NO_STORE);
  }

  app.get<VacancyParams>('/careers/:org/:vacancy/apply', hidden, async (request, reply) => {
    const found = await openVacancy(request, reply);
    if ('sent' in found) return found.sent;
    const source = track(request, reply, found.org, found.vacancy.reference);
    const state: ApplyFormState = {
      values: EMPTY_APPLY_VALUES,
      errors: {},
      submissionKey: issueSubmissionKey(deps.secretBox, {
        organisationId: found.org.id,
        vacancyId: found.vacancy.id,
      }),
      source,
      cvDropped: false,
    };
    return sendPage(reply, 200, applyPage(found.org, found.vacancy, state), NO_STORE);
  });

  app.post<VacancyParams>('/careers/:org/:vacancy/apply', hidden, async (request, reply) => {
    // Read the body first, whatever the answer: a client waits for its upload to be taken.
    const form = await readForm(request);
    const found = await openVacancy(request, reply);
    if ('sent' in found) return found.sent;
    const { org, vacancy } = found;
    const source = track(request, reply, org, vacancy.reference);
    const target = { organisationId: org.id, vacancyId: vacancy.id };
    const given = form.fields.submissionKey ?? '';
    const submissionKey = isIssuedSubmissionKey(deps.secretBox, target, given)
      ? given
      : issueSubmissionKey(deps.secretBox, target);
    if (form.fields[HONEYPOT_FIELD]) {
      // A robot filled in the field no person sees: it gets the usual answer, and nothing is kept.
      request.log.info({ vacancy: vacancy.id }, 'apply form honeypot filled; nothing stored');
      return sendPage(
        reply,
        200,
        confirmationPage(org, vacancy, { email: clean(form.fields.email).trim() }),
        NO_STORE,
      );
    }
    const checked = checkApplication(form);
    if (!checked.ok) {
      const state: ApplyFormState = {
        values: checked.values,
        errors: checked.errors,
        submissionKey,
        source,
        cvDropped: Boolean(form.cv && form.cv.size > 0),
      };
      return sendPage(reply, 422, applyPage(org, vacancy, state), NO_STORE);
    }
    const input = { ...checked.input, submissionKey, sourceToken: source };
    return takeApplication(request, reply, { org, vacancy }, input);
  });
}
