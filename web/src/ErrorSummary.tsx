import { type MouseEvent, useEffect, useRef } from 'react';

export interface SummaryGroup {
  /** Whose fields these are, e.g. a board connection's name. */
  title: string;
  /** Each problem, linking to the id of its control (or of the group holding it). */
  items: { target: string; message: string }[];
}

const CONTROL = 'input, select, textarea, [contenteditable="true"]';

/** Moves to the field: its label in view, the cursor in its control (the GOV.UK pattern). */
function jump(event: MouseEvent<HTMLAnchorElement>, target: string) {
  const element = document.getElementById(target);
  if (!element) return;
  event.preventDefault();
  const control = element.matches(CONTROL) ? element : element.querySelector<HTMLElement>(CONTROL);
  (element.closest('.field') ?? element).scrollIntoView({ block: 'start' });
  if (control) control.focus({ preventScroll: true });
  else {
    element.tabIndex = -1;
    element.focus({ preventScroll: true });
  }
}

/**
 * The GOV.UK error summary: at the top of the page, focused when an attempt fails, with a link to
 * each field in error. `focus` asks for focus once (then `onFocused`), so fixing a field never
 * pulls the cursor away.
 */
export function ErrorSummary({
  groups,
  intro,
  focus,
  onFocused,
}: {
  groups: SummaryGroup[];
  intro: string;
  focus: boolean;
  onFocused: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus || !ref.current) return;
    ref.current.focus();
    ref.current.scrollIntoView({ block: 'start' });
    onFocused();
  }, [focus, onFocused]);
  return (
    <div className="error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2>There is a problem</h2>
        <p>{intro}</p>
        {groups.map((group) => (
          <div key={group.title}>
            <h3>{group.title}</h3>
            <ul>
              {group.items.map((item) => (
                <li key={`${item.target}:${item.message}`}>
                  <a href={`#${item.target}`} onClick={(e) => jump(e, item.target)}>
                    {item.message}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
