// A labelled form to paste a secret key (the facilitator's key on the dashboard, a review key on the
// replay page, the operator's key on the provider's desk) when this browser holds none or the server refused
// the one it had. The key field is a password field described by its hint and its error; an empty submit is
// refused here, not sent.
import { h, uid } from '../lib/dom';
import { t as appT, type StringKey } from '../lib/i18n';

export interface TokenFormOptions<K extends string = StringKey> {
  refused: boolean; // the server refused the stored key: say so at once
  testIds: { form: string; input: string }; // data-testid of the form and of its key field
  text: {
    title: K;
    intro?: K; // a paragraph under the title
    label: K;
    hint: K;
    empty: K; // the error for an empty field
    invalid: K; // the error for a refused key
    submit: K;
  };
  /** translates the text keys: the app's t() unless the page brings its own table (a page loaded on demand) */
  translate?: (key: K) => string;
  /** a message to show at once in place of `invalid` (e.g. how long to wait after too many tries) */
  error?: string;
  onToken: (token: string) => void;
}

export function tokenForm<K extends string = StringKey>(options: TokenFormOptions<K>): HTMLElement {
  const { refused, text } = options;
  const t = options.translate ?? (appT as unknown as (key: K) => string);
  const shown = options.error ?? (refused ? t(text.invalid) : '');
  const titleId = uid('token-title');
  const inputId = uid('token');
  const hintId = uid('token-hint');
  const errorId = uid('token-err');
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' }, shown);
  const input = h('input', {
    id: inputId,
    class: 'input',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${hintId} ${errorId}`,
    'aria-invalid': shown ? 'true' : undefined,
    'data-testid': options.testIds.input,
  });
  return h(
    'form',
    {
      class: 'card token-form',
      'aria-labelledby': titleId,
      'data-testid': options.testIds.form,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!token) {
          error.textContent = t(text.empty);
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        options.onToken(token);
      },
    },
    h('h2', { id: titleId }, t(text.title)),
    text.intro ? h('p', null, t(text.intro)) : null,
    h('label', { class: 'label', for: inputId }, t(text.label)),
    h('p', { class: 'hint', id: hintId }, t(text.hint)),
    input,
    error,
    h('p', null, h('button', { type: 'submit', class: 'btn btn--primary' }, t(text.submit))),
  );
}
