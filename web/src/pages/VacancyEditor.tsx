import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import {
  ApiError,
  api,
  EMPLOYMENT_TYPES,
  FIXED_LENGTH_TYPES,
  issuesByPath,
  messageOf,
  type Organisation,
  type Posting,
  SALARY_PERIODS,
  type Vacancy,
  WORKPLACES,
} from '../api';
import { clearFlash, type Flash, peekFlash, setFlash } from '../flash';
import { usePostingFollower } from '../follow';
import { boardsWord, OutOfDate, updatable, updateAll } from '../InStep';
import { RichText } from '../RichTextLazy';
import { Link, navigate, useTitle } from '../router';
import { useSession } from '../session';
import { Alert, Chip, Confirm, Field, formatDate, humanise, Loading, personLength, visibleText } from '../ui';

/** The form as typed (strings), turned into the API's shape on save. */
interface Form {
  reference: string;
  title: string;
  employmentType: string;
  contractLength: string;
  contractUnit: 'weeks' | 'months';
  hours: 'full_time' | 'part_time';
  weeklyHours: string;
  workplace: string;
  line1: string;
  line2: string;
  town: string;
  postcode: string;
  salaryMin: string;
  salaryMax: string;
  salaryPeriod: string;
  salaryText: string;
  summary: string;
  description: string;
  replyToEmail: string;
  closingDate: string;
  category: string;
  videoUrl: string;
  lists: Record<string, string>;
}

const LIST_KEYS = [
  ['essential', 'qualifications'],
  ['essential', 'experience'],
  ['essential', 'skills'],
  ['desirable', 'qualifications'],
  ['desirable', 'experience'],
  ['desirable', 'skills'],
] as const;

const EMPTY: Form = {
  reference: '',
  title: '',
  employmentType: 'permanent',
  contractLength: '',
  contractUnit: 'months',
  hours: 'full_time',
  weeklyHours: '',
  workplace: 'onsite',
  line1: '',
  line2: '',
  town: '',
  postcode: '',
  salaryMin: '',
  salaryMax: '',
  salaryPeriod: 'year',
  salaryText: '',
  summary: '',
  description: '',
  replyToEmail: '',
  closingDate: '',
  category: '',
  videoUrl: '',
  lists: {},
};

function toForm(v: Vacancy): Form {
  const lists: Record<string, string> = {};
  for (const [kind, list] of LIST_KEYS)
    lists[`${kind}.${list}`] = v.personSpecification[kind][list].join('\n');
  const text = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));
  return {
    reference: v.reference,
    title: v.title,
    employmentType: v.employmentType,
    contractLength: text(v.contractLength?.length),
    contractUnit: v.contractLength?.unit ?? 'months',
    hours: v.hours,
    weeklyHours: text(v.weeklyHours),
    workplace: v.workplace,
    line1: v.location.line1,
    line2: v.location.line2 ?? '',
    town: v.location.town,
    postcode: v.location.postcode,
    salaryMin: text(v.salary?.min),
    salaryMax: text(v.salary?.max),
    salaryPeriod: v.salary?.period ?? 'year',
    salaryText: v.salary?.text ?? '',
    summary: v.summary ?? '',
    description: v.description,
    replyToEmail: v.replyToEmail ?? '',
    closingDate: v.closingDate,
    category: v.category ?? '',
    videoUrl: v.videoUrl ?? '',
    lists,
  };
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function toBody(f: Form, creating: boolean) {
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
  const hasSalary = f.salaryMin.trim() || f.salaryMax.trim() || f.salaryText.trim();
  const body: Record<string, unknown> = {
    title: f.title,
    employmentType: f.employmentType,
    contractLength:
      FIXED_LENGTH_TYPES.includes(f.employmentType) && f.contractLength.trim()
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
    salary: hasSalary
      ? {
          ...(num(f.salaryMin) !== undefined ? { min: num(f.salaryMin) } : {}),
          ...(num(f.salaryMax) !== undefined ? { max: num(f.salaryMax) } : {}),
          period: f.salaryPeriod,
          ...(f.salaryText.trim() ? { text: f.salaryText.trim() } : {}),
        }
      : null,
    summary: orNull(f.summary),
    description: f.description,
    replyToEmail: orNull(f.replyToEmail),
    closingDate: f.closingDate || undefined,
    category: orNull(f.category),
    videoUrl: orNull(f.videoUrl),
    personSpecification: { essential: spec('essential'), desirable: spec('desirable') },
  };
  if (f.reference.trim()) body.reference = f.reference.trim();
  if (creating) for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
  return body;
}

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const YOUTUBE = /^https?:\/\/(www\.)?(youtube\.com|youtu\.be)\//i;

/** The server's rules, in its words, checked as the recruiter types (the server checks again). */
function check(f: Form): Record<string, string> {
  const e: Record<string, string> = {};
  if (f.reference.trim() && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(f.reference.trim()))
    e.reference = "Reference may use only letters, digits, '.', '_' and '-'";
  if (f.reference.trim().length > 50) e.reference = 'Reference must be 50 characters or fewer';
  if (!f.title.trim()) e.title = 'Enter the job title';
  else if (f.title.trim().length > 255) e.title = 'Job title must be 255 characters or fewer';
  if (FIXED_LENGTH_TYPES.includes(f.employmentType) && f.contractLength.trim()) {
    const n = Number(f.contractLength);
    if (!Number.isInteger(n)) e['contractLength.length'] = 'Contract length must be a whole number';
    else if (n < 1) e['contractLength.length'] = 'Contract length must be at least 1';
    else if (n > (f.contractUnit === 'weeks' ? 260 : 60))
      e['contractLength.length'] = 'Contract length must be at most 260 weeks or 60 months';
  }
  if (f.weeklyHours.trim()) {
    const n = Number(f.weeklyHours);
    if (!Number.isFinite(n)) e.weeklyHours = 'Weekly hours must be a number';
    else if (n <= 0) e.weeklyHours = 'Weekly hours must be more than 0';
    else if (n > 168) e.weeklyHours = 'Weekly hours must be at most 168';
  }
  if (!f.line1.trim()) e['location.line1'] = 'Enter the address line 1';
  if (!f.town.trim()) e['location.town'] = 'Enter the town or city';
  if (!f.postcode.trim()) e['location.postcode'] = 'Enter a postcode';
  else if (!POSTCODE.test(f.postcode.trim()))
    e['location.postcode'] = 'Enter a full UK postcode, like G2 1DY';
  for (const [key, label] of [
    ['salaryMin', 'Minimum salary'],
    ['salaryMax', 'Maximum salary'],
  ] as const) {
    const value = f[key].trim();
    if (!value) continue;
    const n = Number(value);
    const path = key === 'salaryMin' ? 'salary.min' : 'salary.max';
    if (!Number.isFinite(n)) e[path] = `${label} must be a number`;
    else if (n <= 0) e[path] = `${label} must be more than 0`;
    else if (!/^\d+(\.\d{1,2})?$/.test(value)) e[path] = `${label} may have at most 2 decimal places`;
  }
  if (!e['salary.min'] && num(f.salaryMin) !== undefined && num(f.salaryMax) !== undefined) {
    if (num(f.salaryMin)! > num(f.salaryMax)!)
      e['salary.min'] = 'Minimum salary must not be more than the maximum';
  }
  if (f.summary.trim().length > 1000) e.summary = 'Summary must be 1000 characters or fewer';
  if (!visibleText(f.description)) e.description = 'Enter the advert text';
  if (f.replyToEmail.trim() && !EMAIL.test(f.replyToEmail.trim()))
    e.replyToEmail = 'Reply-to e-mail must be a valid e-mail address, like name@example.org';
  if (!f.closingDate) e.closingDate = 'Enter a closing date';
  if (f.videoUrl.trim() && !YOUTUBE.test(f.videoUrl.trim()))
    e.videoUrl = 'Video must be a YouTube link, like https://youtu.be/dQw4w9WgXcQ';
  return e;
}

const OPEN_POSTING = (p: Posting) => !['closed', 'expired'].includes(p.status);

const PUBLISHED = 'Published on your careers site. You can now post it to job boards.';

type SavedLocation = Organisation['locations'][number];
type ActivityEntry = { action: string; changes: Record<string, { to: unknown }> };

/** The vacancy this one was copied from, while it still has that vacancy's title (a copy not yet renamed). */
async function loadCopyOf(vacancy: Vacancy): Promise<{ reference: string } | null> {
  const { items } = await api<{ items: ActivityEntry[] }>('GET', `/vacancies/${vacancy.id}/activity?limit=1`);
  const first = items[0];
  if (first?.action !== 'copied') return null;
  return first.changes.title?.to === vacancy.title
    ? { reference: String(first.changes.copiedFrom?.to) }
    : null;
}

export function VacancyEditor({ id }: { id: string | null }) {
  const [vacancy, setVacancy] = useState<Vacancy | null>(null);
  // The chips follow their postings live (e.g. closing → closed after the vacancy is closed).
  const [postings, setPostings] = usePostingFollower([]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [loadError, setLoadError] = useState('');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  // A message from the action that led here (publishing a new vacancy, copying one).
  const [message, setMessage] = useState<Flash | null>(peekFlash);
  useEffect(clearFlash, []);
  const session = useSession();
  const [locations, setLocations] = useState<SavedLocation[]>([]);
  const [copyOf, setCopyOf] = useState<{ reference: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  useTitle(id ? (vacancy ? `Edit ${vacancy.title}` : 'Vacancy') : 'New vacancy');

  useEffect(() => {
    if (!id) return;
    Promise.all([
      api<Vacancy>('GET', `/vacancies/${id}`),
      api<{ items: Posting[] }>('GET', `/vacancies/${id}/postings`),
    ]).then(
      ([v, p]) => {
        setVacancy(v);
        setForm(toForm(v));
        setPostings(p.items);
      },
      (error: unknown) => setLoadError(messageOf(error)),
    );
  }, [id, setPostings]);

  useEffect(() => {
    api<Organisation>('GET', '/organisation').then(
      (org) => setLocations(org.locations),
      // Without the saved locations the address is typed in: nothing is lost.
      () => setLocations([]),
    );
  }, []);

  // The copy marker follows the saved title: it goes once the copy is saved under a new name.
  useEffect(() => {
    if (!vacancy) return;
    loadCopyOf(vacancy).then(setCopyOf, () => setCopyOf(null));
  }, [vacancy]);

  if (loadError) return <Alert>{loadError}</Alert>;
  if (id && !vacancy) return <Loading what="Loading the vacancy" />;

  const closed = vacancy?.status === 'closed';
  const clientIssues = check(form);
  const errorFor = (path: string) =>
    (submitted || touched.has(path) ? clientIssues[path] : undefined) ?? serverIssues[path];
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    setMessage(null);
  };
  const touch = (path: string) => () => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));

  /** Saves the form; a new vacancy then moves to its own address unless `stay` (the caller moves on). */
  const save = async (stay = false): Promise<Vacancy | null> => {
    setSubmitted(true);
    setMessage(null);
    if (Object.keys(clientIssues).length > 0) {
      setMessage({ kind: 'error', text: 'Some fields need a change: see the messages beside them.' });
      return null;
    }
    setBusy(true);
    try {
      const saved = vacancy
        ? await api<Vacancy>('PATCH', `/vacancies/${vacancy.id}`, toBody(form, false))
        : await api<Vacancy>('POST', '/vacancies', toBody(form, true));
      setServerIssues({});
      setVacancy(saved);
      setForm(toForm(saved));
      setDirty(false);
      if (!vacancy && !stay) navigate(`/vacancies/${saved.id}`, { replace: true });
      return saved;
    } catch (error) {
      setServerIssues(issuesByPath(error));
      setMessage({
        kind: 'error',
        text:
          error instanceof ApiError && error.issues.length
            ? 'Some fields need a change: see the messages beside them.'
            : messageOf(error),
      });
      return null;
    } finally {
      setBusy(false);
    }
  };

  // A saved change may leave postings out of date: read them again to say so.
  const reloadPostings = async (vacancyId: string) =>
    setPostings((await api<{ items: Posting[] }>('GET', `/vacancies/${vacancyId}/postings`)).items);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save();
    if (!saved) return;
    setMessage({ kind: 'success', text: 'Saved.' });
    if (vacancy) await reloadPostings(saved.id).catch(() => undefined);
  };

  /** Sends every out-of-date posting the vacancy's values; `after` prefixes the message (e.g. "Saved."). */
  const sendUpdates = async (vacancyId: string, after = '') => {
    setBusy(true);
    try {
      const outcome = await updateAll(vacancyId);
      setMessage({ ...outcome, text: `${after}${outcome.text}` });
      await reloadPostings(vacancyId);
    } catch (error) {
      setMessage({ kind: 'error', text: `${after}${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const saveAndUpdate = async () => {
    const saved = await save(true);
    if (saved) await sendUpdates(saved.id, 'Saved. ');
  };

  const publish = async () => {
    const saved = dirty || !vacancy ? await save(true) : vacancy;
    if (!saved) return;
    setBusy(true);
    let outcome: Flash;
    try {
      const live = await api<Vacancy>('POST', `/vacancies/${saved.id}/publish`);
      setVacancy(live);
      setForm(toForm(live));
      outcome = { kind: 'success', text: PUBLISHED };
    } catch (error) {
      outcome = { kind: 'error', text: messageOf(error) };
    }
    setBusy(false);
    // A new vacancy's page is left for its own address, which loads what the server now has.
    if (id === null) {
      setFlash(outcome);
      navigate(`/vacancies/${saved.id}`, { replace: true });
    } else setMessage(outcome);
  };

  const close = async () => {
    if (!vacancy) return;
    setConfirmClose(false);
    setBusy(true);
    try {
      setVacancy(await api<Vacancy>('POST', `/vacancies/${vacancy.id}/close`));
      setPostings((await api<{ items: Posting[] }>('GET', `/vacancies/${vacancy.id}/postings`)).items);
      setMessage({
        kind: 'success',
        text: 'The vacancy is closed; its postings are being closed on the boards.',
      });
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!vacancy) return;
    try {
      const copied = await api<Vacancy>('POST', `/vacancies/${vacancy.id}/copy`);
      setFlash({
        kind: 'success',
        text: `This is a new draft copied from ${vacancy.reference}, with the reference ${copied.reference}. Rename it, check the closing date, then publish it.`,
      });
      navigate(`/vacancies/${copied.id}`);
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    }
  };

  const text = (
    path: string,
    key: keyof Form,
    label: string,
    options: { hint?: string; type?: string; max?: number; required?: boolean; autoComplete?: string } = {},
  ) => (
    <Field
      label={
        <>
          {label}
          {options.required ? null : <span className="optional"> (optional)</span>}
        </>
      }
      hint={options.hint}
      error={errorFor(path)}
      counter={
        options.max
          ? { count: personLength(String(form[key])), max: options.max, unit: 'characters' }
          : undefined
      }
    >
      {({ id: controlId, describedBy, invalid }) => (
        <input
          id={controlId}
          type={options.type ?? 'text'}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          value={String(form[key])}
          disabled={closed}
          autoComplete={options.autoComplete ?? 'off'}
          onChange={(e) => set(key, e.target.value as never)}
          onBlur={touch(path)}
        />
      )}
    </Field>
  );

  const select = (path: keyof Form, label: string, values: readonly string[]) => (
    <Field label={label} error={errorFor(path)}>
      {({ id: controlId, describedBy }) => (
        <select
          id={controlId}
          aria-describedby={describedBy}
          value={String(form[path])}
          disabled={closed}
          onChange={(e) => set(path, e.target.value as never)}
        >
          {values.map((v) => (
            <option key={v} value={v}>
              {humanise(v)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const section = (title: string, children: ReactNode) => (
    <fieldset className="section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );

  const openPostings = postings.filter(OPEN_POSTING);
  const pickLocation = (l: SavedLocation) => {
    setForm((f) => ({ ...f, line1: l.line1, line2: l.line2 ?? '', town: l.town, postcode: l.postcode }));
    setDirty(true);
    setMessage(null);
  };

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/">Vacancies</Link>
      </p>
      <div className="page-head">
        <h1>{vacancy ? vacancy.title : 'New vacancy'}</h1>
        {vacancy ? <Chip state={vacancy.status} /> : null}
        {copyOf ? <span className="copy-marker">Copy of {copyOf.reference}</span> : null}
      </div>
      {vacancy ? (
        <div className="toolbar-row">
          {vacancy.status === 'live' ? (
            <Link to={`/vacancies/${vacancy.id}/post`} className="button">
              Post to boards
            </Link>
          ) : null}
          {vacancy.status === 'live' ? (
            <a
              href={`/careers/${encodeURIComponent(session.organisation.slug)}/${encodeURIComponent(vacancy.reference)}`}
              className="button secondary"
            >
              View on careers site
            </a>
          ) : null}
          <Link to={`/vacancies/${vacancy.id}/applications`} className="button secondary">
            Applications
          </Link>
          <button type="button" className="button secondary" onClick={copy}>
            Copy
          </button>
          {!closed ? (
            <button type="button" className="button danger-outline" onClick={() => setConfirmClose(true)}>
              Close vacancy
            </button>
          ) : null}
        </div>
      ) : null}
      {vacancy && postings.length > 0 ? (
        <section className="postings-strip" aria-labelledby="postings-title">
          <h2 id="postings-title">Postings</h2>
          <ul className="chips">
            {postings.map((p) => (
              <li key={p.id}>
                <Link to={`/postings/${p.id}`} className="chip-link" title={p.statusText}>
                  <Chip state={p.status} label={p.boardLabel} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {vacancy && !closed ? (
        <OutOfDate postings={postings} busy={busy} onUpdateAll={() => sendUpdates(vacancy.id)} />
      ) : null}
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {closed ? (
        <Alert kind="info">
          This vacancy is closed and cannot change. Copy it to advertise the post again.
        </Alert>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="vacancy-form">
        {section(
          'The job',
          <>
            {text('title', 'title', 'Job title', {
              required: true,
              max: 255,
              ...(copyOf ? { hint: 'The same title as the vacancy it was copied from: rename it.' } : {}),
            })}
            {text('reference', 'reference', 'Reference', {
              hint: 'Unique in your organisation; it appears in web addresses. Left empty, Postroom makes one.',
            })}
            <div className="row">
              {select('employmentType', 'Employment type', EMPLOYMENT_TYPES)}
              {select('workplace', 'Workplace', WORKPLACES)}
            </div>
            {FIXED_LENGTH_TYPES.includes(form.employmentType) ? (
              <div className="row">
                {text('contractLength.length', 'contractLength', 'Contract length', { type: 'number' })}
                {select('contractUnit', 'Unit', ['months', 'weeks'])}
              </div>
            ) : null}
            <div className="row">
              {select('hours', 'Hours', ['full_time', 'part_time'])}
              {text('weeklyHours', 'weeklyHours', 'Hours a week', { type: 'number' })}
            </div>
            {text('category', 'category', 'Category', { hint: 'For example Nursing, or Estates.' })}
          </>,
        )}
        {section(
          'Location',
          <>
            {locations.length > 0 && !closed ? (
              <SavedLocationPicker locations={locations} form={form} onPick={pickLocation} />
            ) : null}
            {text('location.line1', 'line1', 'Address line 1', { required: true })}
            {text('location.line2', 'line2', 'Address line 2')}
            <div className="row">
              {text('location.town', 'town', 'Town or city', { required: true })}
              {text('location.postcode', 'postcode', 'Postcode', { required: true })}
            </div>
          </>,
        )}
        {section(
          'Salary',
          <>
            <div className="row">
              {text('salary.min', 'salaryMin', 'From (£)', { type: 'number' })}
              {text('salary.max', 'salaryMax', 'To (£)', { type: 'number' })}
              {select('salaryPeriod', 'Per', SALARY_PERIODS)}
            </div>
            {text('salary.text', 'salaryText', 'Salary text', {
              hint: 'Shown instead of the figures, e.g. "Negotiable".',
            })}
          </>,
        )}
        {section(
          'The advert',
          <>
            <Field
              label="Summary (optional)"
              hint='A short "attention grabber", shown in lists and used as the NHS Jobs job overview.'
              error={errorFor('summary')}
              counter={{ count: personLength(form.summary), max: 1000, unit: 'characters' }}
            >
              {({ id: controlId, describedBy, invalid }) => (
                <textarea
                  id={controlId}
                  rows={3}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  value={form.summary}
                  disabled={closed}
                  onChange={(e) => set('summary', e.target.value)}
                  onBlur={touch('summary')}
                />
              )}
            </Field>
            <Field
              label="Advert text"
              hint="Headings, lists, bold and links are kept."
              error={errorFor('description')}
              counter={{ count: visibleText(form.description).length, max: 60000, unit: 'characters' }}
            >
              {({ id: controlId, describedBy, invalid }) => (
                <RichText
                  id={controlId}
                  label="Advert text"
                  value={form.description}
                  describedBy={describedBy}
                  invalid={invalid}
                  onChange={(html) => {
                    set('description', html);
                    touch('description')();
                  }}
                />
              )}
            </Field>
            {text('videoUrl', 'videoUrl', 'Video', { hint: 'A YouTube link.', type: 'url' })}
          </>,
        )}
        {section(
          'Applying',
          <div className="row">
            {text('closingDate', 'closingDate', 'Closing date', { type: 'date', required: true })}
            {text('replyToEmail', 'replyToEmail', 'Reply-to e-mail', { type: 'email' })}
          </div>,
        )}
        {section(
          'Person specification',
          <>
            <p className="hint">One item a line.</p>
            <div className="row">
              {LIST_KEYS.map(([kind, list]) => (
                <Field
                  key={`${kind}.${list}`}
                  label={`${humanise(kind)} ${list}`}
                  error={serverIssues[`personSpecification.${kind}.${list}`]}
                >
                  {({ id: controlId, describedBy }) => (
                    <textarea
                      id={controlId}
                      rows={3}
                      aria-describedby={describedBy}
                      value={form.lists[`${kind}.${list}`] ?? ''}
                      disabled={closed}
                      onChange={(e) => set('lists', { ...form.lists, [`${kind}.${list}`]: e.target.value })}
                    />
                  )}
                </Field>
              ))}
            </div>
          </>,
        )}
        {!closed ? (
          <div className="actions sticky-actions">
            <button type="submit" className="button" disabled={busy}>
              {vacancy ? (vacancy.status === 'draft' ? 'Save draft' : 'Save changes') : 'Save draft'}
            </button>
            {vacancy?.status === 'live' && updatable(postings).length > 0 ? (
              <button type="button" className="button secondary" disabled={busy} onClick={saveAndUpdate}>
                Save and update {boardsWord(updatable(postings).length)}
              </button>
            ) : null}
            {vacancy?.status !== 'live' ? (
              <button type="button" className="button secondary" disabled={busy} onClick={publish}>
                Publish on careers site
              </button>
            ) : null}
            {vacancy ? (
              <span className="muted">
                {dirty ? 'Unsaved changes' : `Saved · closes ${formatDate(vacancy.closingDate)}`}
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
      <Confirm
        open={confirmClose}
        title="Close this vacancy?"
        confirmLabel="Close vacancy and postings"
        danger
        onConfirm={close}
        onCancel={() => setConfirmClose(false)}
      >
        <p>It leaves your careers site and cannot be changed afterwards (you can copy it).</p>
        {openPostings.length > 0 ? (
          <>
            <p>These postings will be closed too:</p>
            <ul>
              {openPostings.map((p) => (
                <li key={p.id}>
                  {p.boardLabel} — {p.statusText}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>It has no open postings on job boards.</p>
        )}
      </Confirm>
    </>
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
