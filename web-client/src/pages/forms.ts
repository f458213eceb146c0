// The public forms (/contact): the sample report (name and e-mail; the PDF downloads and is also mailed)
// and a request for information, support or a workshop (confirmed by e-mail). Each field's error sits under
// it, is tied to it with aria-describedby and marks it aria-invalid; a summary is announced and the first
// invalid field gets focus. The server's messages arrive in the page's language.
import { busyForm } from '../lib/busy-form';
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

/**
 * What both forms do on submit: check the required fields, send, show the confirmation `send` returns and
 * reset; a refusal puts the server's messages under the fields, or its reason in the summary.
 */
function publicForm(options: {
  testPrefix: 'sample' | 'request'; // data-testid prefix: `${prefix}-form`, `-summary`, `-done`
  fields: Field[];
  trap: { element: HTMLElement };
  submitLabel: StringKey;
  before?: HTMLElement[]; // between the summary and the fields
  after?: HTMLElement[]; // between the fields and the submit button
  send: () => Promise<HTMLElement[]>; // sends the form; the confirmation to show
}): { form: HTMLElement; done: HTMLElement } {
  const { fields, testPrefix } = options;
  const summary = h('p', { class: 'field-error', role: 'alert', 'data-testid': `${testPrefix}-summary` });
  const done = h('div', { class: 'notice', role: 'status', 'data-testid': `${testPrefix}-done` });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, t(options.submitLabel));
  const form = busyForm(
    {
      submit,
      testId: `${testPrefix}-form`,
      clear: done,
      check: () => !showErrors(fields, missing(fields), summary),
      send: async () => {
        done.append(...(await options.send()));
        form.reset();
      },
      failed: (err) => {
        if (err instanceof FormRefused && err.code === 'invalid_fields') showErrors(fields, err.fields, summary);
        else summary.textContent = failure(err);
      },
    },
    summary,
    ...(options.before ?? []),
    ...fields.map((f) => f.element),
    options.trap.element,
    ...(options.after ?? []),
    submit,
  );
  return { form, done };
}

function sampleReportCard(): HTMLElement {
  const name = field('name', 'forms.name', { required: true, autocomplete: 'name' });
  const email = field('email', 'forms.email', { required: true, type: 'email', autocomplete: 'email', maxlength: 254 });
  const trap = honeypot();
  const { form, done } = publicForm({
    testPrefix: 'sample',
    fields: [name, email],
    trap,
    submitLabel: 'forms.sample.submit',
    send: async () => {
      const answer = await requestSampleReport(
        { name: name.control.value, email: email.control.value, website: trap.input.value },
        language(),
      );
      const download = h('a', { href: answer.report_url, download: '' });
      document.body.append(download);
      download.click();
      download.remove();
      return [
        h('p', { class: 'banner banner--done' }, t('forms.sample.done', { email: email.control.value.trim() })),
        h('p', null, h('a', { href: answer.report_url, download: '', 'data-testid': 'sample-link' }, t('forms.sample.again'))),
      ];
    },
  });
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
  const { form, done } = publicForm({
    testPrefix: 'request',
    fields: [name, email, organisation, message],
    trap,
    submitLabel: 'forms.request.submit',
    before: [
      h(
        'fieldset',
        { class: 'form-kinds' },
        h('legend', { class: 'label' }, t('forms.request.kind')),
        kinds.map((kind, i) => h('label', { class: 'choice' }, radios[i]!, ` ${t(kindLabels[kind])}`)),
      ),
    ],
    after: [h('p', { class: 'hint' }, t('forms.request.confirm'))],
    send: async () => {
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
      return [h('p', { class: 'banner banner--done' }, t('forms.request.done', { email: email.control.value.trim() }))];
    },
  });
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
