import type { Posting, Vacancy } from '../api';
import { Link } from '../router';
import { useSession } from '../session';
import { Chip } from '../ui';
import type { CopyOf } from './useCopyOf';

/** The title, the vacancy's buttons and its postings' chips. */
export function VacancyHeader({
  vacancy,
  postings,
  copyOf,
  onCopy,
  onSaveTemplate,
  onClose,
}: {
  vacancy: Vacancy | null;
  postings: Posting[];
  copyOf: CopyOf | null;
  onCopy: (vacancy: Vacancy) => void;
  onSaveTemplate: () => void;
  onClose: () => void;
}) {
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/">Vacancies</Link>
      </p>
      <div className="page-head">
        <h1>{vacancy ? vacancy.title : 'New vacancy'}</h1>
        {vacancy ? <Chip state={vacancy.status} /> : null}
        {copyOf ? (
          <span className="copy-marker">
            {copyOf.template ? `From the template “${copyOf.template}”` : `Copy of ${copyOf.reference}`}
          </span>
        ) : null}
      </div>
      {vacancy ? (
        <Toolbar
          vacancy={vacancy}
          onCopy={() => onCopy(vacancy)}
          onSaveTemplate={onSaveTemplate}
          onClose={onClose}
        />
      ) : (
        <p>
          Or <Link to="/templates">start from a template</Link>.
        </p>
      )}
      {vacancy && postings.length > 0 ? (
        <section className="postings-strip" aria-labelledby="postings-title">
          <h2 id="postings-title">Postings</h2>
          <ul className="chips">
            {postings.map((p) => (
              <li key={p.id}>
                <Link to={`/postings/${p.id}`} className="chip-link" title={p.statusText}>
                  <Chip
                    state={p.status}
                    label={p.boardLabel}
                    word={p.status === 'scheduled' ? p.statusText : undefined}
                  />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function Toolbar({
  vacancy,
  onCopy,
  onSaveTemplate,
  onClose,
}: {
  vacancy: Vacancy;
  onCopy: () => void;
  onSaveTemplate: () => void;
  onClose: () => void;
}) {
  const session = useSession();
  const live = vacancy.status === 'live';
  const careersUrl = `/careers/${encodeURIComponent(session.organisation.slug)}/${encodeURIComponent(vacancy.reference)}`;
  return (
    <div className="toolbar-row">
      {live ? (
        <Link to={`/vacancies/${vacancy.id}/post`} className="button">
          Post to boards
        </Link>
      ) : null}
      {live ? (
        <a href={careersUrl} className="button secondary">
          View on careers site
        </a>
      ) : null}
      <Link to={`/vacancies/${vacancy.id}/applications`} className="button secondary">
        Applications
      </Link>
      <button type="button" className="button secondary" onClick={onCopy}>
        Copy
      </button>
      <button type="button" className="button secondary" onClick={onSaveTemplate}>
        Save as template
      </button>
      {vacancy.status !== 'closed' ? (
        <button type="button" className="button danger-outline" onClick={onClose}>
          Close vacancy
        </button>
      ) : null}
    </div>
  );
}
