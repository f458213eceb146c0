// The public forms (/contact): the sample report (name and e-mail; the PDF downloads and is also mailed)
// and a request for information, support or a workshop (confirmed by e-mail). Each field's error sits under
// it, is tied to it with aria-describedby and marks it aria-invalid; a summary is announced and the first
// invalid field gets focus. The server's messages arrive in the page's language.
import { h, uid } from '../lib/dom';
import { FormRefused, requestSampleReport, sendRequest, type RequestKind } from '../lib/forms-api';
import { language, t } from '../lib/i18n';
import type { StringKey } from '../lib/strings';

type Control = HTMLInputElement | HTMLTextAreaElement;

interface Field {
  name: string;
  control: Control;
  error: HTMLElement;
  element: HTMLElement;
  required: boolean;
}

function field(
  name: string,
  label: StringKey,
  options: { required?: boolean; type?: string; autocomplete?: string; maxlength?: number; multiline?: boolean } = {},
): Field {
  const id = uid(`form-${name}`);
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', 'data-testid': `error-${name}` });
  const attrs = {
    id,
    name,
    class: 'input',
    autocomplete: options.autocomplete ?? 'off',
    maxlength: String(options.maxlength ?? 200),
    'aria-describedby': errorId,
    'aria-required': options.required ? 'true' : undefined,
    'data-testid': `field-${name}`,
  };
  const control: Control = options.multiline
    ? h('textarea', { ...attrs, rows: '5' })
    : h('input', { ...attrs, type: options.type ?? 'text' });
  const element = h(
    'div',
    { class: 'form-field' },
    h('label', { for: id, class: 'label' }, t(label), options.required ? ` ${t('forms.required')}` : ''),
    control,
    error,
  );
  return { name, control, error, element, required: Boolean(options.required) };
}

/** An off-screen field people never see or reach; robots fill it. */
function honeypot(): { element: HTMLElement; input: HTMLInputElement } {
  const id = uid('form-website');
  const input = h('input', { id, name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off' });
  return {
    input,
    element: h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: id }, t('forms.honeypot')), input),
  };
}

/** Shows per-field messages (or clears them); returns whether there were any, focusing the first. */
function showErrors(fields: Field[], messages: Record<string, string>, summary: HTMLElement): boolean {
  let first: Control | null = null;
  for (const f of fields) {
    const message = messages[f.name] ?? '';
    f.error.textContent = message;
    if (message) {
      f.control.setAttribute('aria-invalid', 'true');
      first ??= f.control;
    } else {
      f.control.removeAttribute('aria-invalid');
    }
  }
  summary.textContent = first ? t('forms.summary') : '';
  first?.focus();
  return first !== null;
}

function missing(fields: Field[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const f of fields) if (f.required && !f.control.value.trim()) messages[f.name] = t('forms.missing');
  return messages;
}

function failure(err: unknown): string {
  if (err instanceof FormRefused && err.code === 'rate_limited') return err.message;
  return t('forms.failed', { message: err instanceof Error ? err.message : String(err) });
}

function sampleReportCard(): HTMLElement {
  const name = field('name', 'forms.name', { required: true, autocomplete: 'name' });
  const email = field('email', 'forms.email', { required: true, type: 'email', autocomplete: 'email', maxlength: 254 });
  const fields = [name, email];
  const trap = honeypot();
  const summary = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'sample-summary' });
  const done = h('div', { class: 'notice', role: 'status', 'data-testid': 'sample-done' });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, t('forms.sample.submit'));
  const form = h(
    'form',
    {
      class: 'stack',
      novalidate: true,
      'data-testid': 'sample-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        done.textContent = '';
        if (showErrors(fields, missing(fields), summary)) return;
        submit.disabled = true;
        try {
          const answer = await requestSampleReport(
            { name: name.control.value, email: email.control.value, website: trap.input.value },
            language(),
          );
          const download = h('a', { href: answer.report_url, download: '' });
          document.body.append(download);
          download.click();
          download.remove();
          done.append(
            h('p', { class: 'banner banner--done' }, t('forms.sample.done', { email: email.control.value.trim() })),
            h('p', null, h('a', { href: answer.report_url, download: '', 'data-testid': 'sample-link' }, t('forms.sample.again'))),
          );
          form.reset();
        } catch (err) {
          if (err instanceof FormRefused && err.code === 'invalid_fields') showErrors(fields, err.fields, summary);
          else summary.textContent = failure(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    summary,
    ...fields.map((f) => f.element),
    trap.element,
    submit,
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'sample-title' },
    h('h2', { id: 'sample-title' }, t('forms.sample.title')),
    h('p', null, t('forms.sample.text')),
    form,
    done,
  );
}

function requestCard(): HTMLElement {
  const name = field('name', 'forms.name', { required: true, autocomplete: 'name' });
  const email = field('email', 'forms.email', { required: true, type: 'email', autocomplete: 'email', maxlength: 254 });
  const organisation = field('organisation', 'forms.organisation', { autocomplete: 'organization' });
  const message = field('message', 'forms.message', { multiline: true, maxlength: 5000 });
  const fields = [name, email, organisation, message];
  const trap = honeypot();
  const kinds: RequestKind[] = ['information', 'support', 'workshop'];
  const radios = kinds.map((kind, i) =>
    h('input', { type: 'radio', name: 'kind', value: kind, checked: i === 0, 'data-testid': `kind-${kind}` }),
  );
  const kindLabels: Record<RequestKind, StringKey> = {
    information: 'forms.request.information',
    support: 'forms.request.support',
    workshop: 'forms.request.workshop',
  };
  const summary = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'request-summary' });
  const done = h('div', { class: 'notice', role: 'status', 'data-testid': 'request-done' });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, t('forms.request.submit'));
  const form = h(
    'form',
    {
      class: 'stack',
      novalidate: true,
      'data-testid': 'request-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        done.textContent = '';
        if (showErrors(fields, missing(fields), summary)) return;
        submit.disabled = true;
        try {
          const kind = (radios.find((r) => r.checked)?.value ?? 'information') as RequestKind;
          await sendRequest(
            {
              name: name.control.value,
              email: email.control.value,
              organisation: organisation.control.value,
              message: message.control.value,
              kind,
              website: trap.input.value,
            },
            language(),
          );
          done.append(
            h('p', { class: 'banner banner--done' }, t('forms.request.done', { email: email.control.value.trim() })),
          );
          form.reset();
        } catch (err) {
          if (err instanceof FormRefused && err.code === 'invalid_fields') showErrors(fields, err.fields, summary);
          else summary.textContent = failure(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    summary,
    h(
      'fieldset',
      { class: 'form-kinds' },
      h('legend', { class: 'label' }, t('forms.request.kind')),
      kinds.map((kind, i) => h('label', { class: 'choice' }, radios[i]!, ` ${t(kindLabels[kind])}`)),
    ),
    ...fields.map((f) => f.element),
    trap.element,
    h('p', { class: 'hint' }, t('forms.request.confirm')),
    submit,
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'request-title' },
    h('h2', { id: 'request-title' }, t('forms.request.title')),
    form,
    done,
  );
}

export function renderForms(main: HTMLElement): void {
  main.append(
    h('h1', null, t('forms.title')),
    h('p', { class: 'lead' }, t('forms.intro')),
    h('div', { class: 'landing landing--two' }, sampleReportCard(), requestCard()),
  );
}
