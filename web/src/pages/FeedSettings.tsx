import { useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { Alert, formatTime } from '../ui';

/** An aggregator feed as `GET /organisation/feeds` gives it. */
interface Feed {
  channel: string;
  label: string;
  url: string;
  enabled: boolean;
  lastReadAt: string | null;
  lastReadBy: string | null;
  /** Live vacancies the aggregator would refuse, so the feed leaves them out. */
  leftOut: { reference: string; field: string; reason: string }[];
}

/** "Last read 2 Dec 2026, 10:00:00 by JoobleBot", or "Never read yet". */
const lastRead = (feed: Feed) =>
  feed.lastReadAt
    ? `${formatTime(feed.lastReadAt)}${feed.lastReadBy ? ` by ${feed.lastReadBy}` : ''}`
    : 'Never read yet';

/** The organisation settings' "Feeds" section: each aggregator's address, on or off, and last read. */
export function FeedSettings() {
  const [feeds, setFeeds] = useState<Feed[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    api<{ items: Feed[] }>('GET', '/organisation/feeds').then(
      (r) => setFeeds(r.items),
      (e: unknown) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, []);

  const toggle = async (feed: Feed) => {
    setMessage(null);
    try {
      const r = await api<{ items: Feed[] }>('PATCH', `/organisation/feeds/${feed.channel}`, {
        enabled: !feed.enabled,
      });
      setFeeds(r.items);
      setMessage({ kind: 'success', text: `${feed.label} feed switched ${feed.enabled ? 'off' : 'on'}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  };

  return (
    <section className="section" aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">Feeds</h2>
      <p className="muted">
        Aggregators read these addresses for all your live vacancies. Give each one its address; applications
        through a feed are credited to it. A feed switched off answers “not found”, so its aggregator drops
        your jobs.
      </p>
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {feeds ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Feed</th>
                <th scope="col">Address</th>
                <th scope="col">Last read</th>
                <th scope="col">On</th>
              </tr>
            </thead>
            <tbody>
              {feeds.map((feed) => (
                <tr key={feed.channel}>
                  <td className="strong">{feed.label}</td>
                  <td>
                    <input
                      readOnly
                      aria-label={`${feed.label} feed address`}
                      value={feed.url}
                      onFocus={(e) => e.target.select()}
                    />
                  </td>
                  <td>
                    {lastRead(feed)}
                    {feed.leftOut.length > 0 ? (
                      <ul className="muted">
                        {feed.leftOut.map((l) => (
                          <li key={l.reference}>
                            Left out: {l.reference} ({l.reason})
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${feed.label} feed on`}
                      checked={feed.enabled}
                      onChange={() => toggle(feed)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
