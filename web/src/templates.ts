import { type Activity, api, type Template, type Vacancy } from './api';
import { setFlash } from './flash';
import { navigate } from './router';

/** Starts a draft from a template and opens it, saying what happened; the title takes focus. */
export async function startFromTemplate(template: Template): Promise<void> {
  const draft = await api<Vacancy>('POST', `/templates/${template.id}/vacancies`);
  setFlash({
    kind: 'success',
    text: `This is a new draft from the template “${template.name}”, with the reference ${draft.reference}. Rename it, check the closing date, then publish it.`,
    focus: 'title',
  });
  navigate(`/vacancies/${draft.id}`);
}

/**
 * The per-board fields of the template a vacancy was started from (its first activity names it),
 * by board id; none when it was not, or the template is gone.
 */
export async function templateBoardFields(vacancyId: string): Promise<Template['boardFields']> {
  try {
    const { items } = await api<{ items: Activity[] }>('GET', `/vacancies/${vacancyId}/activity?limit=1`);
    const templateId = items[0]?.action === 'copied' ? items[0].changes.templateId?.to : undefined;
    if (typeof templateId !== 'string') return {};
    return (await api<Template>('GET', `/templates/${templateId}`)).boardFields;
  } catch {
    // A help, not a need: without them the forms start from the vacancy alone.
    return {};
  }
}
