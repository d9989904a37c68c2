import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { messageOf } from './api';

/** Loads data once (and again on `reload`), keeping the last value while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` are the caller's inputs of `load`.
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: messageOf(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <output className="loading">{what}…</output>;
}

export function Alert({
  kind = 'error',
  children,
}: {
  kind?: 'error' | 'success' | 'info';
  children: ReactNode;
}) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

const STATE_CLASS: Record<string, string> = {
  scheduled: 'waiting',
  queued: 'waiting',
  sending: 'waiting',
  sent: 'waiting',
  updating: 'waiting',
  closing: 'waiting',
  retrying: 'waiting',
  posted: 'posted',
  failed: 'failed',
  uncertain: 'uncertain',
  awaiting_approval: 'waiting',
  rejected: 'failed',
  closed: 'closed',
  expired: 'closed',
  draft: 'draft',
  live: 'posted',
};

const STATE_WORD: Record<string, string> = {
  scheduled: 'Scheduled',
  queued: 'Waiting',
  sending: 'Sending',
  sent: 'Delivered',
  updating: 'Updating',
  closing: 'Closing',
  retrying: 'Retrying',
  posted: 'Posted',
  failed: 'Failed',
  uncertain: 'Uncertain',
  awaiting_approval: 'Awaiting approval',
  rejected: 'Rejected',
  closed: 'Closed',
  expired: 'Expired',
  draft: 'Draft',
  live: 'Live',
};

/**
 * A posting or vacancy state in colour, always with its word (colour is never the only cue).
 * `word` replaces the state's word where the board's own state says more ("Draft in NHS Jobs").
 */
export function Chip({ state, label, word }: { state: string; label?: string; word?: string | null }) {
  return (
    <span className={`chip chip-${STATE_CLASS[state] ?? 'waiting'}`} data-state={state}>
      {label ? <span className="chip-label">{label}: </span> : null}
      {word || (STATE_WORD[state] ?? state)}
    </span>
  );
}

/** Characters as a person counts them: trimmed, a line break as one. */
export const personLength = (text: string) => text.trim().replace(/\r\n/g, '\n').length;
export const wordCount = (text: string) => (text.trim() ? text.trim().split(/\s+/).length : 0);

/** The visible text of advert HTML. */
export function visibleText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const block of doc.body.querySelectorAll('p,li,h1,h2,h3,h4,br')) block.append(' ');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A field's label, marked "(optional)" unless the field is required. */
export function FieldLabel({ text, required }: { text: ReactNode; required: boolean | undefined }) {
  return (
    <>
      {text}
      {required ? null : <span className="optional"> (optional)</span>}
    </>
  );
}

/** A live counter against a limit, announced politely to screen readers. */
export function Counter({
  id,
  count,
  max,
  min = 0,
  unit,
}: {
  id: string;
  count: number;
  max: number;
  /** A board's minimum (NHS Jobs: 100): below it the counter prompts for more, as the board's form does. */
  min?: number;
  unit: string;
}) {
  const over = count > max;
  const short = count < min;
  const of = `${count.toLocaleString('en-GB')} of ${max.toLocaleString('en-GB')} ${unit}`;
  return (
    <p id={id} className={`counter${over || short ? ' counter-over' : ''}`} aria-live="polite">
      {over
        ? `${count - max} ${unit} too many (${count.toLocaleString('en-GB')} of ${max.toLocaleString('en-GB')})`
        : short
          ? `${of}: add at least ${min - count} more ${min - count === 1 ? unit.replace(/s$/, '') : unit}`
          : of}
    </p>
  );
}

/**
 * A labelled form field with its hint, error (or warning) and counter, wired with aria-describedby.
 * `children` receives the ids to put on the control.
 */
export function Field({
  id: givenId,
  label,
  hint,
  error,
  warning,
  badge,
  counter,
  children,
}: {
  /** A fixed id for the control, for links to it (an error summary); otherwise one is made. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  warning?: string | undefined;
  badge?: ReactNode;
  counter?: { count: number; max: number; min?: number; unit: string } | undefined;
  children: (control: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const madeId = useId();
  const id = givenId ?? madeId;
  const described = [
    hint ? `${id}-hint` : '',
    error ? `${id}-error` : '',
    warning && !error ? `${id}-warning` : '',
    counter ? `${id}-counter` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {badge}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {warning && !error ? (
        <p className="warning-message" id={`${id}-warning`}>
          <span className="visually-hidden">Warning: </span>
          {warning}
        </p>
      ) : null}
      {children({ id, describedBy: described || undefined, invalid: Boolean(error) })}
      {counter ? <Counter id={`${id}-counter`} {...counter} /> : null}
    </div>
  );
}

/** A modal confirmation (the native <dialog>: focus trapped, Escape cancels). */
export function Confirm({
  open,
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={onCancel} className="dialog">
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="actions">
        <button type="button" className={danger ? 'button danger' : 'button'} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

export const formatDate = (iso: string | null | undefined) =>
  iso
    ? new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('en-GB', {
        dateStyle: 'medium',
      })
    : '—';
export const formatTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '—';

/** "fixed_term" → "Fixed term". */
export const humanise = (value: string) => {
  const words = value.replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
