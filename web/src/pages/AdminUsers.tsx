import { type FormEvent, useState } from 'react';
import { api, issuesByPath, messageOf, type Role, type User } from '../api';
import { useTitle } from '../router';
import { useSession } from '../session';
import { Alert, Confirm, Field, formatTime, Loading, useLoad } from '../ui';

export function AdminUsers() {
  useTitle('Users');
  const session = useSession();
  const users = useLoad(() => api<{ items: User[] }>('GET', '/users'), []);
  const [draft, setDraft] = useState({ name: '', email: '', role: 'recruiter' as Role, password: '' });
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [removing, setRemoving] = useState<User | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await api('POST', '/users', draft);
      setMessage({ kind: 'success', text: `${draft.name || draft.email} can now sign in.` });
      setDraft({ name: '', email: '', role: 'recruiter', password: '' });
      setIssues({});
      users.reload();
    } catch (e) {
      setIssues(issuesByPath(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  const changeRole = async (user: User, role: Role) => {
    try {
      await api('PATCH', `/users/${user.id}`, { role });
      setMessage({
        kind: 'success',
        text: `${user.name || user.email} is now ${role === 'admin' ? 'an admin' : role === 'approver' ? 'an approver' : 'a recruiter'}.`,
      });
      users.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  const remove = async () => {
    if (!removing) return;
    const user = removing;
    setRemoving(null);
    try {
      await api('DELETE', `/users/${user.id}`);
      setMessage({ kind: 'success', text: `${user.name || user.email} was removed.` });
      users.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  return (
    <>
      <h1>Users</h1>
      <p className="lead">
        Admins can do everything; recruiters write, post and close vacancies and read applications.
      </p>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {users.error ? <Alert>{users.error}</Alert> : null}
      {!users.data && !users.error ? <Loading what="Loading users" /> : null}
      {users.data ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Last signed in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td>
                    <span className="strong">{u.name || u.email}</span>
                    <div className="muted">{u.email}</div>
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                      Role of {u.name || u.email}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      value={u.role}
                      disabled={u.id === session.user.id}
                      onChange={(e) => changeRole(u, e.target.value as Role)}
                    >
                      <option value="recruiter">Recruiter</option>
                      <option value="approver">Approver</option>
                      <option value="admin">Admin</option>
                    </select>
                  </td>
                  <td>{u.lastSignInAt ? formatTime(u.lastSignInAt) : 'Never'}</td>
                  <td>
                    {u.id === session.user.id ? (
                      <span className="muted">You</span>
                    ) : (
                      <button type="button" className="link-button" onClick={() => setRemoving(u)}>
                        Remove<span className="visually-hidden"> {u.name || u.email}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form onSubmit={add} noValidate className="section">
        <h2>Add a user</h2>
        <div className="row">
          <Field label="Name" error={issues.name}>
            {({ id, describedBy }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            )}
          </Field>
          <Field label="Email address" error={issues.email}>
            {({ id, describedBy }) => (
              <input
                id={id}
                type="email"
                autoComplete="off"
                aria-describedby={describedBy}
                value={draft.email}
                onChange={(e) => setDraft({ ...draft, email: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="row">
          <Field label="Role" error={issues.role}>
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={draft.role}
                onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}
              >
                <option value="recruiter">Recruiter</option>
                <option value="approver">Approver</option>
                <option value="admin">Admin</option>
              </select>
            )}
          </Field>
          <Field
            label="First password"
            hint="At least 12 characters; tell it to them privately."
            error={issues.password}
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                type="password"
                autoComplete="new-password"
                aria-describedby={describedBy}
                value={draft.password}
                onChange={(e) => setDraft({ ...draft, password: e.target.value })}
              />
            )}
          </Field>
        </div>
        <button type="submit" className="button">
          Add user
        </button>
      </form>
      <Confirm
        open={removing !== null}
        title={`Remove ${removing?.name || removing?.email || ''}?`}
        confirmLabel="Remove user"
        danger
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
      >
        <p>They are signed out and can no longer sign in. What they did stays in the activity log.</p>
      </Confirm>
    </>
  );
}
