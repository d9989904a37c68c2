import type { FormEvent } from 'react';
import { api, messageOf, type Posting, type Vacancy } from '../api';
import { type Flash, setFlash } from '../flash';
import { updateAll } from '../InStep';
import { navigate } from '../router';
import type { VacancyForm } from './useVacancyForm';

const PUBLISHED = 'Published on your careers site. You can now post it to job boards.';

/** What the editor's buttons do: save, save and update the boards, publish, close and copy. */
export function useVacancyActions(id: string | null, editor: VacancyForm) {
  const { vacancy, setVacancy, setPostings, save, show, setMessage, setBusy, dirty } = editor;
  // A saved change may leave postings out of date: read them again to say so.
  const reloadPostings = async (vacancyId: string) =>
    setPostings((await api<{ items: Posting[] }>('GET', `/vacancies/${vacancyId}/postings`)).items);

  /** Runs `work` with the buttons off; its error becomes the message, after `prefix`. */
  const busyWith = async (work: () => Promise<void>, prefix = '') => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      setMessage({ kind: 'error', text: `${prefix}${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save();
    if (!saved) return;
    setMessage({ kind: 'success', text: 'Saved.' });
    if (vacancy) await reloadPostings(saved.id).catch(() => undefined);
  };

  /** Sends every out-of-date posting the vacancy's values; `after` prefixes the message (e.g. "Saved."). */
  const sendUpdates = (vacancyId: string, after = '') =>
    busyWith(async () => {
      const outcome = await updateAll(vacancyId);
      setMessage({ ...outcome, text: `${after}${outcome.text}` });
      await reloadPostings(vacancyId);
    }, after);

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
      show(await api<Vacancy>('POST', `/vacancies/${saved.id}/publish`));
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

  const close = (vacancyId: string) =>
    busyWith(async () => {
      setVacancy(await api<Vacancy>('POST', `/vacancies/${vacancyId}/close`));
      await reloadPostings(vacancyId);
      setMessage({
        kind: 'success',
        text: 'The vacancy is closed; its postings are being closed on the boards.',
      });
    });

  const copy = async (from: Vacancy) => {
    try {
      const copied = await api<Vacancy>('POST', `/vacancies/${from.id}/copy`);
      setFlash({
        kind: 'success',
        text: `This is a new draft copied from ${from.reference}, with the reference ${copied.reference}. Rename it, check the closing date, then publish it.`,
        focus: 'title',
      });
      navigate(`/vacancies/${copied.id}`);
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    }
  };

  return { onSubmit, sendUpdates, saveAndUpdate, publish, close, copy };
}
