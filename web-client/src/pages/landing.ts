// The landing page: join a workshop with a code, start a solo self-assessment, or create a workshop
// (title and municipality → POST /api/sessions → the facilitator page, token kept in localStorage; refused
// as too frequent, it says when to try again); below, a link to the sample report and the request form
// (/contact).
import { municipalityPicker } from '../components/municipality-picker';
import { ApiError, createSession } from '../lib/api';
import { busyForm } from '../lib/busy-form';
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import { isRateLimited, sessionBusyMessage } from '../lib/rate-limit';
import { browserStore, keys, readJson, writeJson, type ParticipantCredentials } from '../lib/storage';
import type { ParticipantModel } from '../lib/state';
import type { Navigate } from './navigate';

/** Join codes are typed in any case, with spaces or dashes: keep letters and digits only. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export function renderLanding(main: HTMLElement, go: Navigate): void {
  const store = browserStore();
  main.append(
    h('h1', null, t('app.title')),
    h('p', { class: 'lead' }, t('landing.intro')),
    h('div', { class: 'landing' }, joinCard(go, store), soloCard(), createCard(go, store)),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'forms-title' },
      h('h2', { id: 'forms-title' }, t('landing.forms.title')),
      h('p', null, t('landing.forms.text')),
      h('a', { href: '/contact', class: 'link-strong', 'data-testid': 'to-forms' }, t('landing.forms.link')),
    ),
  );
}

function joinCard(go: Navigate, store: ReturnType<typeof browserStore>): HTMLElement {
  const inputId = uid('code');
  const hintId = uid('code-hint');
  const errorId = uid('code-error');
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
  const input = h('input', {
    id: inputId,
    class: 'input input--code',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '24',
    'aria-describedby': `${hintId} ${errorId}`,
    'data-testid': 'join-code',
  });
  const form = h(
    'form',
    {
      class: 'stack',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const code = normaliseCode(input.value);
        if (!code) {
          error.textContent = t('landing.join.empty');
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        go(`/join/${encodeURIComponent(code)}`);
      },
    },
    h('label', { for: inputId, class: 'label' }, t('landing.join.label')),
    h('p', { id: hintId, class: 'hint' }, t('landing.join.hint')),
    input,
    error,
    h('button', { type: 'submit', class: 'btn btn--primary btn--block' }, t('landing.join.submit')),
  );

  // a workshop this browser already takes part in
  const currentId = store.getItem(keys.currentWorkshop());
  const creds = currentId ? readJson<ParticipantCredentials>(store, keys.participant(currentId)) : null;
  const cached = currentId ? readJson<ParticipantModel>(store, keys.model(currentId)) : null;
  const resume =
    creds && currentId
      ? h(
          'p',
          null,
          h('a', { href: '/p', class: 'link-strong' }, t('landing.continue', { title: cached?.session?.title ?? creds.join_code ?? '' })),
        )
      : null;

  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'join-title' },
    h('h2', { id: 'join-title' }, t('landing.join.title')),
    form,
    resume,
  );
}

function soloCard(): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'solo-title' },
    h('h2', { id: 'solo-title' }, t('landing.solo.title')),
    h('p', null, t('landing.solo.text')),
    h('a', { href: '/solo', class: 'btn btn--secondary btn--block', 'data-testid': 'start-solo' }, t('landing.solo.start')),
  );
}

function createCard(go: Navigate, store: ReturnType<typeof browserStore>): HTMLElement {
  const titleId = uid('title');
  const error = h('p', { class: 'field-error', role: 'alert' });
  const title = h('input', { id: titleId, class: 'input', name: 'title', maxlength: '200', autocomplete: 'off' });
  const picker = municipalityPicker();
  const submit = h('button', { type: 'submit', class: 'btn btn--secondary btn--block' }, t('landing.create.submit'));
  const form = busyForm(
    {
      submit,
      clear: error,
      check: () => {
        if (!title.value.trim()) {
          error.textContent = t('landing.create.titleMissing');
          title.focus();
          return false;
        }
        if (!picker.selected()) {
          error.textContent = t('landing.create.municipalityMissing');
          return false;
        }
        return true;
      },
      send: async () => {
        const name = title.value.trim();
        const municipality = picker.selected()!; // checked above
        const created = await createSession(name, municipality.code, 'workshop');
        writeJson(store, keys.facilitator(created.session_id), {
          token: created.facilitator_token,
          join_code: created.join_code,
          title: name,
          municipality: municipality.code,
          show_token: true,
        });
        go(`/f/${encodeURIComponent(created.session_id)}`);
      },
      failed: (err) => {
        error.textContent = isRateLimited(err)
          ? sessionBusyMessage(err instanceof ApiError ? err.retryAfterS : null)
          : t('common.error', { message: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err) });
      },
    },
    h('label', { for: titleId, class: 'label' }, t('landing.create.name')),
    title,
    picker.element,
    error,
    submit,
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title' }, t('landing.create.title')),
    h('p', null, t('landing.create.text')),
    form,
  );
}
