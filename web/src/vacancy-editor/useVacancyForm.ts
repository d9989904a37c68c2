import { useEffect, useState } from 'react';
import {
  ApiError,
  api,
  issuesByPath,
  messageOf,
  type Organisation,
  type Posting,
  type Vacancy,
} from '../api';
import { clearFlash, type Flash, peekFlash } from '../flash';
import { usePostingFollower } from '../follow';
import { navigate } from '../router';
import { toBody } from './body';
import { check } from './check';
import { EMPTY, type Form, toForm } from './form';

export type SavedLocation = Organisation['locations'][number];

const NEEDS_A_CHANGE = 'Some fields need a change: see the messages beside them.';

/** The vacancy, its postings and the organisation's saved locations, loaded once. */
function useVacancyData(id: string | null, setForm: (form: Form) => void) {
  const [vacancy, setVacancy] = useState<Vacancy | null>(null);
  // The chips follow their postings live (e.g. closing → closed after the vacancy is closed).
  const [postings, setPostings] = usePostingFollower([]);
  const [loadError, setLoadError] = useState('');
  const [locations, setLocations] = useState<SavedLocation[]>([]);
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
  }, [id, setPostings, setForm]);
  useEffect(() => {
    api<Organisation>('GET', '/organisation').then(
      (org) => setLocations(org.locations),
      // Without the saved locations the address is typed in: nothing is lost.
      () => setLocations([]),
    );
  }, []);
  return { vacancy, setVacancy, postings, setPostings, loadError, locations };
}

/** The vacancy editor's state: the form as typed, its messages, and saving it. */
export function useVacancyForm(id: string | null) {
  const [form, setForm] = useState<Form>(EMPTY);
  const data = useVacancyData(id, setForm);
  const { vacancy, setVacancy } = data;
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  // A message from the action that led here (publishing a new vacancy, copying one).
  const [message, setMessage] = useState<Flash | null>(peekFlash);
  useEffect(clearFlash, []);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);

  const clientIssues = check(form);
  const errorFor = (path: string) =>
    (submitted || touched.has(path) ? clientIssues[path] : undefined) ?? serverIssues[path];
  const change = (update: (f: Form) => Form) => {
    setForm(update);
    setDirty(true);
    setMessage(null);
  };
  const set = <K extends keyof Form>(key: K, value: Form[K]) => change((f) => ({ ...f, [key]: value }));
  const touch = (path: string) => () => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));
  const show = (saved: Vacancy) => {
    setVacancy(saved);
    setForm(toForm(saved));
  };

  /** Saves the form; a new vacancy then moves to its own address unless `stay` (the caller moves on). */
  const save = async (stay = false): Promise<Vacancy | null> => {
    setSubmitted(true);
    setMessage(null);
    if (Object.keys(clientIssues).length > 0) {
      setMessage({ kind: 'error', text: NEEDS_A_CHANGE });
      return null;
    }
    setBusy(true);
    try {
      const saved = vacancy
        ? await api<Vacancy>('PATCH', `/vacancies/${vacancy.id}`, toBody(form, false))
        : await api<Vacancy>('POST', '/vacancies', toBody(form, true));
      setServerIssues({});
      show(saved);
      setDirty(false);
      if (!vacancy && !stay) navigate(`/vacancies/${saved.id}`, { replace: true });
      return saved;
    } catch (error) {
      setServerIssues(issuesByPath(error));
      const issues = error instanceof ApiError && error.issues.length > 0;
      setMessage({ kind: 'error', text: issues ? NEEDS_A_CHANGE : messageOf(error) });
      return null;
    } finally {
      setBusy(false);
    }
  };

  const closed = vacancy?.status === 'closed';
  const fields = { form, set, change, touch, errorFor, serverIssues, closed };
  return { ...data, fields, show, save, message, setMessage, busy, setBusy, dirty };
}

export type VacancyForm = ReturnType<typeof useVacancyForm>;
/** What a section of the form needs: the values, how to change them, and their messages. */
export type FormFields = VacancyForm['fields'];
