// A labelled form to paste a secret key (the facilitator's key on the dashboard, a review key on the
// replay page) when this browser holds none or the server refused the one it had. The key field is a
// password field described by its hint and its error; an empty submit is refused here, not sent.
import { h, uid } from '../lib/dom';
import { t, type StringKey } from '../lib/i18n';

export interface TokenFormOptions {
  refused: boolean; // the server refused the stored key: say so at once
  testIds: { form: string; input: string }; // data-testid of the form and of its key field
  text: {
    title: StringKey;
    intro?: StringKey; // a paragraph under the title
    label: StringKey;
    hint: StringKey;
    empty: StringKey; // the error for an empty field
    invalid: StringKey; // the error for a refused key
    submit: StringKey;
  };
  onToken: (token: string) => void;
}

export function tokenForm(options: TokenFormOptions): HTMLElement {
  const { refused, text } = options;
  const titleId = uid('token-title');
  const inputId = uid('token');
  const hintId = uid('token-hint');
  const errorId = uid('token-err');
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' }, refused ? t(text.invalid) : '');
  const input = h('input', {
    id: inputId,
    class: 'input',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${hintId} ${errorId}`,
    'aria-invalid': refused ? 'true' : undefined,
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
