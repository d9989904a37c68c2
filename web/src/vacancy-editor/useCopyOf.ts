import { useEffect, useState } from 'react';
import { type Activity, api, type Vacancy } from '../api';

/** Where a copy came from: a vacancy's reference, and the template's name when started from one. */
export interface CopyOf {
  reference: string;
  template: string | null;
}

/** The vacancy this one was copied from, while it still has that vacancy's title (a copy not yet renamed). */
async function loadCopyOf(vacancy: Vacancy): Promise<CopyOf | null> {
  const { items } = await api<{ items: Activity[] }>('GET', `/vacancies/${vacancy.id}/activity?limit=1`);
  const first = items[0];
  if (first?.action !== 'copied') return null;
  const template = first.changes.template?.to;
  return first.changes.title?.to === vacancy.title
    ? { reference: String(first.changes.copiedFrom?.to), template: template ? String(template) : null }
    : null;
}

/** The copy marker follows the saved title: it goes once the copy is saved under a new name. */
export function useCopyOf(vacancy: Vacancy | null) {
  const [copyOf, setCopyOf] = useState<CopyOf | null>(null);
  useEffect(() => {
    if (!vacancy) return;
    loadCopyOf(vacancy).then(setCopyOf, () => setCopyOf(null));
  }, [vacancy]);
  return copyOf;
}
