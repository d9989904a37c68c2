import { useEffect, useState } from 'react';
import { api, type Posting, SETTLED } from './api';

/** Follows postings by reading each every second until it settles: the page needs no refresh. */
export function usePostingFollower(initial: Posting[]) {
  const [postings, setPostings] = useState<Posting[]>(initial);
  const ids = postings.map((p) => p.id).join(',');
  const unsettled = postings.some((p) => !SETTLED.includes(p.status));
  // biome-ignore lint/correctness/useExhaustiveDependencies: restarts when the set of postings or their settling changes.
  useEffect(() => {
    if (!unsettled) return;
    const timer = setInterval(async () => {
      const next = await Promise.all(
        postings.map((p) =>
          SETTLED.includes(p.status) ? p : api<Posting>('GET', `/postings/${p.id}`).catch(() => p),
        ),
      );
      setPostings(next);
    }, 1000);
    return () => clearInterval(timer);
  }, [ids, unsettled, postings]);
  return [postings, setPostings] as const;
}
