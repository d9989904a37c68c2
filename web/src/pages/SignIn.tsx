import { type FormEvent, useState } from 'react';
import { ApiError, api, messageOf, type Session } from '../api';
import { useTitle } from '../router';
import { Alert, Field } from '../ui';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  useTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api<Session>('POST', '/session', { email, password }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 429) {
        const seconds = Number(failure.retryAfter);
        setError(
          `Too many attempts. Try again ${Number.isFinite(seconds) && seconds > 0 ? `in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}` : 'later'}.`,
        );
      } else if (failure instanceof ApiError && failure.status === 401) {
        setError('The e-mail address or the password is not right.');
      } else setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <p className="brand brand-large">Postroom</p>
      <h1>Sign in</h1>
      {error ? <Alert>{error}</Alert> : null}
      <form onSubmit={submit} noValidate>
        <Field label="Email address">
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
