// /join/:code — the page a link or QR code opens: optional name and department, then `join` over the
// WebSocket; the participant's token is stored and the browser goes on to /p.
import { browserConnection } from '../lib/connection';
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import { browserStore, keys, readJson, type ParticipantCredentials } from '../lib/storage';
import { normaliseCode } from './landing';
import type { Navigate } from './navigate';

export function renderJoin(main: HTMLElement, rawCode: string, go: Navigate): () => void {
  const store = browserStore();
  const code = normaliseCode(rawCode);

  // already joined this session on this device: go straight on
  const currentId = store.getItem(keys.currentWorkshop());
  const creds = currentId ? readJson<ParticipantCredentials>(store, keys.participant(currentId)) : null;
  if (creds && creds.join_code && normaliseCode(creds.join_code) === code) {
    queueMicrotask(() => go('/p', true));
    return () => {};
  }

  let dispose: (() => void) | null = null;
  const nameId = uid('name');
  const deptId = uid('dept');
  const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'join-error' });
  const name = h('input', { id: nameId, class: 'input', name: 'name', maxlength: '80', autocomplete: 'name' });
  const department = h('input', {
    id: deptId,
    class: 'input',
    name: 'department',
    maxlength: '100',
    autocomplete: 'organization-title',
  });
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block', 'data-testid': 'join-submit' }, t('join.submit'));

  const form = h(
    'form',
    {
      class: 'stack',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        error.textContent = '';
        submit.disabled = true;
        submit.textContent = t('join.busy');
        dispose?.();
        const wired = browserConnection(store, {});
        dispose = wired.dispose;
        try {
          const joined = await wired.connection.join(code, name.value.trim() || undefined, department.value.trim() || undefined);
          store.setItem(keys.currentWorkshop(), joined.session_id);
          go('/p', true);
        } catch (err) {
          const c = (err as { code?: string }).code ?? 'unknown';
          error.textContent =
            c === 'unknown_code'
              ? t('join.unknownCode')
              : c === 'session_closed'
                ? t('join.closed')
                : c === 'solo_session_full'
                  ? t('join.full')
                  : c === 'disconnected'
                    ? t('join.offline')
                    : t('join.failed', { code: c });
          submit.disabled = false;
          submit.textContent = t('join.submit');
        } finally {
          dispose?.();
          dispose = null;
        }
      },
    },
    h('label', { for: nameId, class: 'label' }, t('join.name')),
    name,
    h('label', { for: deptId, class: 'label' }, t('join.department')),
    department,
    error,
    submit,
  );

  main.append(
    h('h1', null, t('join.title')),
    h('p', { class: 'code-chip', 'data-testid': 'join-code-shown' }, t('join.code', { code })),
    h('div', { class: 'card' }, form),
  );
  return () => dispose?.();
}
