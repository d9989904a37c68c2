import { useEffect, useRef, useState } from 'react';
import type { Template } from '../api';
import { peekFlash } from '../flash';
import { OutOfDate } from '../InStep';
import { RenewalWarnings } from '../Renewal';
import { useTitle } from '../router';
import { Alert, Loading } from '../ui';
import { AdvertSection } from '../vacancy-editor/AdvertSection';
import { CloseConfirm, FormActions } from '../vacancy-editor/FormActions';
import { JobSection } from '../vacancy-editor/JobSection';
import { LocationSection } from '../vacancy-editor/LocationSection';
import { PersonSpecSection } from '../vacancy-editor/PersonSpecSection';
import { ApplyingSection, SalarySection } from '../vacancy-editor/SalarySection';
import { SaveAsTemplate } from '../vacancy-editor/SaveAsTemplate';
import { useCopyOf } from '../vacancy-editor/useCopyOf';
import { useVacancyActions } from '../vacancy-editor/useVacancyActions';
import { useVacancyForm } from '../vacancy-editor/useVacancyForm';
import { VacancyHeader } from '../vacancy-editor/VacancyHeader';

/** Focuses the field the message that led here names (the title of a fresh copy), once the form shows. */
function useFocusFromFlash(ready: boolean) {
  const [field] = useState(() => peekFlash()?.focus);
  const done = useRef(false);
  useEffect(() => {
    if (!field || !ready || done.current) return;
    done.current = true;
    document.querySelector<HTMLElement>(`.vacancy-form [name="${field}"]`)?.focus();
  }, [field, ready]);
}

/** A vacancy's page: the form (new or saved), its postings, and what can be done with it. */
export function VacancyEditor({ id }: { id: string | null }) {
  const editor = useVacancyForm(id);
  const actions = useVacancyActions(id, editor);
  const { vacancy, postings, fields: f, message, busy } = editor;
  const copyOf = useCopyOf(vacancy);
  const [confirmClose, setConfirmClose] = useState(false);
  const [savingTemplate, setSavingTemplate] = useState(false);
  useFocusFromFlash(vacancy !== null);
  useTitle(id ? (vacancy ? `Edit ${vacancy.title}` : 'Vacancy') : 'New vacancy');

  if (editor.loadError) return <Alert>{editor.loadError}</Alert>;
  if (id && !vacancy) return <Loading what="Loading the vacancy" />;

  const onTemplateSaved = (template: Template) => {
    setSavingTemplate(false);
    editor.setMessage({
      kind: 'success',
      text: `Saved as the template “${template.name}”. Start new vacancies from it with “Start from a template” on the vacancy list.`,
    });
  };
  const onConfirmClose = () => {
    setConfirmClose(false);
    if (vacancy) actions.close(vacancy.id);
  };
  return (
    <>
      <VacancyHeader
        vacancy={vacancy}
        postings={postings}
        copyOf={copyOf}
        onCopy={actions.copy}
        onSaveTemplate={() => setSavingTemplate(true)}
        onClose={() => setConfirmClose(true)}
      />
      {vacancy && !f.closed ? (
        <>
          <RenewalWarnings postings={postings} />
          <OutOfDate postings={postings} busy={busy} onUpdateAll={() => actions.sendUpdates(vacancy.id)} />
        </>
      ) : null}
      <div className="message-slot">{message ? <Alert kind={message.kind}>{message.text}</Alert> : null}</div>
      {f.closed ? (
        <Alert kind="info">
          This vacancy is closed and cannot change. Copy it to advertise the post again.
        </Alert>
      ) : null}
      <form onSubmit={actions.onSubmit} noValidate className="vacancy-form">
        <JobSection f={f} copyOf={copyOf} />
        <LocationSection f={f} locations={editor.locations} />
        <SalarySection f={f} />
        <AdvertSection f={f} />
        <ApplyingSection f={f} />
        <PersonSpecSection f={f} />
        {!f.closed ? (
          <FormActions
            vacancy={vacancy}
            postings={postings}
            busy={busy}
            dirty={editor.dirty}
            onSaveAndUpdate={actions.saveAndUpdate}
            onPublish={actions.publish}
          />
        ) : null}
      </form>
      {vacancy ? (
        <SaveAsTemplate
          vacancy={vacancy}
          open={savingTemplate}
          onSaved={onTemplateSaved}
          onCancel={() => setSavingTemplate(false)}
        />
      ) : null}
      <CloseConfirm
        open={confirmClose}
        postings={postings}
        onConfirm={onConfirmClose}
        onCancel={() => setConfirmClose(false)}
      />
    </>
  );
}
