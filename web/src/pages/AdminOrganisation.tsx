import { type FormEvent, useEffect, useState } from 'react';
import { api, issuesByPath, messageOf, type Organisation } from '../api';
import { useTitle } from '../router';
import { Alert, Field, Loading, personLength } from '../ui';
import { FeedSettings } from './FeedSettings';

type AboutLimit = NonNullable<Organisation['aboutLimits']>[number];
const thousands = (n: number) => n.toLocaleString('en-GB');

/** The limits that matter: those of the boards the organisation is connected to, else every board's. */
function relevantLimits(limits: readonly AboutLimit[]): readonly AboutLimit[] {
  const connected = limits.filter((l) => l.connected);
  return connected.length > 0 ? connected : limits;
}

/** What a board that limits "About organisation" would say of this length, or undefined. */
function aboutNoteOf(limits: readonly AboutLimit[], length: number): string | undefined {
  if (length === 0) return undefined;
  const short = limits.find((l) => length < l.min);
  if (short) return `${short.boardLabel} needs at least ${short.min} characters: ${short.min - length} more.`;
  const long = limits.find((l) => length > l.max);
  if (long)
    return `${long.boardLabel} takes at most ${long.max} characters: postings there will need a shorter text.`;
  return undefined;
}

/** The hint under "About organisation", naming each board's limits (docs/boards/<board>.md). */
const aboutHint = (limits: readonly AboutLimit[]) =>
  limits.length === 0
    ? 'Shown on your adverts.'
    : `Shown on your adverts; pre-fills ${limits
        .map((l) => `${l.boardLabel}' “${l.label}” (${thousands(l.min)} to ${thousands(l.max)} characters)`)
        .join(', ')}.`;

type Location = Organisation['locations'][number];
const EMPTY_LOCATION: Location = { name: '', line1: '', town: '', postcode: '', country: 'GB' };

export function AdminOrganisation() {
  useTitle('Organisation settings');
  const [org, setOrg] = useState<Organisation | null>(null);
  const [error, setError] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Organisation>('GET', '/organisation').then(setOrg, (e: unknown) => setError(messageOf(e)));
  }, []);
  if (error) return <Alert>{error}</Alert>;
  if (!org) return <Loading what="Loading the settings" />;

  const aboutLength = personLength(org.about);
  const limits = relevantLimits(org.aboutLimits ?? []);
  const aboutNote = aboutNoteOf(limits, aboutLength);
  const max = limits.length > 0 ? Math.min(...limits.map((l) => l.max)) : null;

  const setLocation = (i: number, patch: Partial<Location>) =>
    setOrg({ ...org, locations: org.locations.map((l, j) => (i === j ? { ...l, ...patch } : l)) });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api<Organisation>('PATCH', '/organisation', {
        name: org.name,
        about: org.about,
        replyToEmail: org.replyToEmail?.trim() ? org.replyToEmail.trim() : null,
        locations: org.locations.map(({ line2, ...l }) => ({ ...l, ...(line2?.trim() ? { line2 } : {}) })),
      });
      setOrg(saved);
      setIssues({});
      setMessage({ kind: 'success', text: 'Settings saved.' });
    } catch (e) {
      setIssues(issuesByPath(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Organisation settings</h1>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      <form onSubmit={save} noValidate>
        <Field label="Organisation name" error={issues.name}>
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              value={org.name}
              onChange={(e) => setOrg({ ...org, name: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="About organisation"
          hint={aboutHint(org.aboutLimits ?? [])}
          error={issues.about}
          warning={aboutNote}
          counter={max === null ? undefined : { count: aboutLength, max, unit: 'characters' }}
        >
          {({ id, describedBy }) => (
            <textarea
              id={id}
              rows={6}
              aria-describedby={describedBy}
              value={org.about}
              onChange={(e) => setOrg({ ...org, about: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={
            <>
              Default reply-to e-mail <span className="optional">(optional)</span>
            </>
          }
          error={issues.replyToEmail}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              type="email"
              aria-describedby={describedBy}
              value={org.replyToEmail ?? ''}
              onChange={(e) => setOrg({ ...org, replyToEmail: e.target.value })}
            />
          )}
        </Field>
        <fieldset className="section">
          <legend>Locations</legend>
          {org.locations.length === 0 ? (
            <p className="muted">No locations yet. Add the sites you recruit for.</p>
          ) : null}
          {org.locations.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: locations have no id; they are edited in place.
            <fieldset key={i} className="group">
              <legend>{l.name || `Location ${i + 1}`}</legend>
              <div className="row">
                {(
                  [
                    ['name', 'Name'],
                    ['line1', 'Address line 1'],
                    ['town', 'Town or city'],
                    ['postcode', 'Postcode'],
                  ] as const
                ).map(([key, label]) => (
                  <Field key={key} label={label} error={issues[`locations.${i}.${key}`]}>
                    {({ id, describedBy }) => (
                      <input
                        id={id}
                        aria-describedby={describedBy}
                        value={l[key]}
                        onChange={(e) => setLocation(i, { [key]: e.target.value })}
                      />
                    )}
                  </Field>
                ))}
              </div>
              <button
                type="button"
                className="link-button"
                onClick={() => setOrg({ ...org, locations: org.locations.filter((_, j) => j !== i) })}
              >
                Remove {l.name || `location ${i + 1}`}
              </button>
            </fieldset>
          ))}
          {issues.locations ? <p className="error-message">{issues.locations}</p> : null}
          <button
            type="button"
            className="button secondary"
            onClick={() => setOrg({ ...org, locations: [...org.locations, { ...EMPTY_LOCATION }] })}
          >
            Add a location
          </button>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Save settings
          </button>
        </div>
      </form>
      <FeedSettings />
    </>
  );
}
