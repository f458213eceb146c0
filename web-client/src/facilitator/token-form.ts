// When this browser holds no facilitator key for the session (another device, cleared storage, or a key
// the server refused): a labelled form to paste it; the key is stored like the create flow stores it.
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';

export function tokenForm(onToken: (token: string) => void, refused: boolean): HTMLElement {
  const inputId = uid('token');
  const hintId = uid('token-hint');
  const errorId = uid('token-err');
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' }, refused ? t('dash.token.invalid') : '');
  const input = h('input', {
    id: inputId,
    class: 'input',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${hintId} ${errorId}`,
    'aria-invalid': refused ? 'true' : undefined,
    'data-testid': 'token-input',
  });
  return h(
    'form',
    {
      class: 'card token-form',
      'aria-labelledby': 'token-form-title',
      'data-testid': 'token-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!token) {
          error.textContent = t('dash.token.empty');
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        onToken(token);
      },
    },
    h('h2', { id: 'token-form-title' }, t('dash.token.title')),
    h('p', null, t('facilitator.noToken')),
    h('label', { class: 'label', for: inputId }, t('dash.token.label')),
    h('p', { class: 'hint', id: hintId }, t('dash.token.hint')),
    input,
    error,
    h('p', null, h('button', { type: 'submit', class: 'btn btn--primary' }, t('dash.token.submit'))),
  );
}
