import { type ReactNode, StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type Session, setCsrfToken, whenSignedOut } from './api';
import { AdminConnections } from './pages/AdminConnections';
import { AdminOrganisation } from './pages/AdminOrganisation';
import { AdminOutbox } from './pages/AdminOutbox';
import { AdminPrivacy } from './pages/AdminPrivacy';
import { AdminTokens } from './pages/AdminTokens';
import { AdminUsers } from './pages/AdminUsers';
import { AdminWebhooks } from './pages/AdminWebhooks';
import { Applications, VacancyApplications } from './pages/Applications';
import { Approvals } from './pages/Approvals';
import { Dashboard } from './pages/Dashboard';
import { ImportVacancies } from './pages/ImportVacancies';
import { PostingDetail } from './pages/PostingDetail';
import { PostToBoards } from './pages/PostToBoards';
import { SignIn } from './pages/SignIn';
import { Spend } from './pages/Spend';
import { Templates } from './pages/Templates';
import { Vacancies } from './pages/Vacancies';
import { VacancyEditor } from './pages/VacancyEditor';
import { Link, match, navigate, useLocation, useTitle } from './router';
import { SessionContext } from './session';
import { Loading } from './ui';
import './styles.css';

function NotFound() {
  useTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the vacancies</Link>.
      </p>
    </>
  );
}

function AdminOnly() {
  useTitle('Admins only');
  return (
    <>
      <h1>Admins only</h1>
      <p>This page is for your organisation's admins. Ask an admin if you need something changed here.</p>
    </>
  );
}

/** The app's pages: the first pattern that matches the path wins. */
const ROUTES: [string, (params: Record<string, string>) => ReactNode][] = [
  ['/', () => <Vacancies />],
  ['/vacancies', () => <Vacancies />],
  ['/dashboard', () => <Dashboard />],
  ['/vacancies/new', () => <VacancyEditor id={null} />],
  ['/vacancies/import', () => <ImportVacancies />],
  ['/templates', () => <Templates />],
  ['/vacancies/:id/post', (p) => <PostToBoards key={p.id} vacancyId={p.id!} />],
  ['/vacancies/:id/applications', (p) => <VacancyApplications key={p.id} vacancyId={p.id!} />],
  ['/vacancies/:id', (p) => <VacancyEditor key={p.id} id={p.id!} />],
  ['/postings/:id', (p) => <PostingDetail key={p.id} id={p.id!} />],
  ['/applications', () => <Applications />],
  ['/approvals', () => <Approvals />],
  ['/spend', () => <Spend />],
];
const ADMIN_ROUTES: Record<string, () => ReactNode> = {
  '/admin': () => <AdminOrganisation />,
  '/admin/organisation': () => <AdminOrganisation />,
  '/admin/connections': () => <AdminConnections />,
  '/admin/users': () => <AdminUsers />,
  '/admin/tokens': () => <AdminTokens />,
  '/admin/webhooks': () => <AdminWebhooks />,
  '/admin/outbox': () => <AdminOutbox />,
  '/admin/privacy': () => <AdminPrivacy />,
};

function route(path: string, session: Session): ReactNode {
  const admin = ADMIN_ROUTES[path];
  if (admin) return session.user.role === 'admin' ? admin() : <AdminOnly />;
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return <NotFound />;
}

const ADMIN_PAGES = [
  ['/admin/organisation', 'Organisation'],
  ['/admin/connections', 'Board connections'],
  ['/admin/users', 'Users'],
  ['/admin/tokens', 'API tokens'],
  ['/admin/webhooks', 'Webhooks'],
  ['/admin/outbox', 'Outbox'],
  ['/admin/privacy', 'Privacy'],
] as const;

/** The admin pages' own navigation, under the main one. */
function AdminNav({ path }: { path: string }) {
  return (
    <nav aria-label="Admin" className="subnav">
      <ul>
        {ADMIN_PAGES.map(([to, label]) => (
          <li key={to}>
            <Link
              to={to}
              aria-current={
                path === to || (to === '/admin/organisation' && path === '/admin') ? 'page' : undefined
              }
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After in-app navigation, focus moves to the new page's content, as a page load would.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  const admin = session.user.role === 'admin';
  const approver = admin || session.user.role === 'approver';
  const section = path.startsWith('/admin')
    ? 'admin'
    : (['applications', 'approvals', 'spend', 'dashboard'].find((s) => path.startsWith(`/${s}`)) ??
      'vacancies');
  const current = (name: string) => (section === name ? ('page' as const) : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="top-inner">
          <Link to="/" className="brand">
            Postroom
          </Link>
          <nav aria-label="Main">
            <ul>
              <li>
                <Link to="/" aria-current={current('vacancies')}>
                  Vacancies
                </Link>
              </li>
              <li>
                <Link to="/dashboard" aria-current={current('dashboard')}>
                  Dashboard
                </Link>
              </li>
              <li>
                <Link to="/applications" aria-current={current('applications')}>
                  Applications
                </Link>
              </li>
              {approver ? (
                <>
                  <li>
                    <Link to="/approvals" aria-current={current('approvals')}>
                      Approvals
                    </Link>
                  </li>
                  <li>
                    <Link to="/spend" aria-current={current('spend')}>
                      Spend
                    </Link>
                  </li>
                </>
              ) : null}
              <li>
                {/* The organisation's public site, outside the app: what candidates see. */}
                <a href={`/careers/${encodeURIComponent(session.organisation.slug)}`}>Careers site</a>
              </li>
              {admin ? (
                <li>
                  <Link to="/admin/organisation" aria-current={current('admin')}>
                    Admin
                  </Link>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="who">
            <span className="who-name">
              {session.user.name || session.user.email}
              <span className="who-org"> · {session.organisation.name}</span>
            </span>
            <button type="button" className="link-button" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      {section === 'admin' && admin ? <AdminNav path={path} /> : null}
      <main id="main" ref={main} tabIndex={-1}>
        {route(path, session)}
      </main>
    </>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const { path } = useLocation();

  const signedIn = (s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? '');
    setSession(s);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the app starts.
  useEffect(() => {
    whenSignedOut(() => signedIn(null));
    // Not signed in (401) or not reachable: either way the sign-in page is where to start.
    api<Session>('GET', '/session').then(signedIn, () => signedIn(null));
  }, []);

  if (session === undefined) return <Loading />;
  if (session === null) {
    return (
      <main id="main">
        <SignIn
          onSignedIn={(s) => {
            signedIn(s);
            if (path === '/sign-in') navigate('/', { replace: true });
          }}
        />
      </main>
    );
  }
  const signOut = async () => {
    try {
      await api('DELETE', '/session');
    } finally {
      signedIn(null);
      navigate('/', { replace: true });
    }
  };
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} onSignOut={signOut} />
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
