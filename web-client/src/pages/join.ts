// /join and /join/:code — where the projector's "Doe mee: <host>/join" and the QR code lead. The code is
// checked as soon as it is known (GET /api/join/{code}), before anyone is asked for a name: a wrong code is
// said at once, at the code field, so it can be corrected there. A known code shows the session's title,
// then the optional name and department, then `join` over the WebSocket; the token is stored and the
// browser goes on to /p. Refused for asking too often: the check says when to try again, the join tries
// again by itself and says so.
import { retryNotice } from '../components/retry-notice';
import { ApiError, lookupJoinCode, type JoinCodeInfo } from '../lib/api';
import { busyForm } from '../lib/busy-form';
import { browserConnection } from '../lib/browser-connection';
import { h, replaceChildren, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import { isRateLimited, joinCheckBusyMessage } from '../lib/rate-limit';
import { browserStore, keys, readJson, type ParticipantCredentials } from '../lib/storage';
import { normaliseCode } from './landing';
import type { Navigate } from './navigate';

type Phase =
  | { kind: 'enter'; error?: string }
  | { kind: 'checking' }
  /** info is null when the code could not be checked (an older server): the join itself will tell */
  | { kind: 'found'; info: JoinCodeInfo | null };

export function renderJoin(main: HTMLElement, rawCode: string, go: Navigate): () => void {
  const store = browserStore();
  let code = normaliseCode(rawCode);

  // already joined this session on this device: go straight on
  const currentId = store.getItem(keys.currentWorkshop());
  const creds = currentId ? readJson<ParticipantCredentials>(store, keys.participant(currentId)) : null;
  if (code && creds && creds.join_code && normaliseCode(creds.join_code) === code) {
    queueMicrotask(() => go('/p', true));
    return () => {};
  }

  let dispose: (() => void) | null = null;
  let lookup: AbortController | null = null;
  let gone = false;
  const body = h('div', { 'data-testid': 'join-step' });
  main.append(h('h1', null, t('join.title')), body);

  /** Shows the code's place in the address bar, so a reload (or a shared link) comes back to it. */
  const showInUrl = (c: string) => {
    const path = c ? `/join/${encodeURIComponent(c)}` : '/join';
    if (window.location.pathname !== path) history.replaceState(null, '', path);
  };

  function show(phase: Phase, focus = false): void {
    if (gone) return;
    if (phase.kind === 'enter') replaceChildren(body, codeStep(phase.error, focus));
    else if (phase.kind === 'checking')
      replaceChildren(body, h('p', { class: 'loading', role: 'status', 'data-testid': 'join-checking' }, t('join.checking')));
    else replaceChildren(body, detailsStep(phase.info, focus));
  }

  async function check(candidate: string, focus: boolean): Promise<void> {
    code = candidate;
    lookup?.abort();
    const controller = new AbortController();
    lookup = controller;
    show({ kind: 'checking' });
    try {
      const info = await lookupJoinCode(code, controller.signal);
      if (lookup !== controller) return;
      showInUrl(code);
      show({ kind: 'found', info }, focus);
    } catch (err) {
      if (lookup !== controller || (err as Error).name === 'AbortError') return;
      const e = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
      if (e.code === 'unknown_code') show({ kind: 'enter', error: t('join.unknownCode', { code }) }, true);
      else if (isRateLimited(e)) show({ kind: 'enter', error: joinCheckBusyMessage(e.retryAfterS) }, true);
      else if (e.status === 0) show({ kind: 'enter', error: t('join.offline') }, true);
      else {
        // the check itself is not available: go on, `join` answers for the code
        showInUrl(code);
        show({ kind: 'found', info: null }, focus);
      }
    }
  }

  /** Step 1: the code, typed or corrected. */
  function codeStep(error: string | undefined, focus: boolean): HTMLElement {
    const inputId = uid('code');
    const hintId = uid('code-hint');
    const errorId = uid('code-error');
    const errorText = h('p', { id: errorId, class: 'field-error', role: 'alert', 'data-testid': 'join-error' }, error ?? '');
    const input = h('input', {
      id: inputId,
      class: 'input input--code',
      name: 'code',
      value: code,
      autocomplete: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      maxlength: '24',
      'aria-describedby': `${hintId} ${errorId}`,
      'aria-invalid': error ? 'true' : undefined,
      'data-testid': 'join-code',
    });
    const form = h(
      'form',
      {
        class: 'stack',
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          const typed = normaliseCode(input.value);
          if (!typed) {
            errorText.textContent = t('landing.join.empty');
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          void check(typed, true);
        },
      },
      h('label', { for: inputId, class: 'label' }, t('landing.join.label')),
      h('p', { id: hintId, class: 'hint' }, t('landing.join.hint')),
      input,
      errorText,
      h('button', { type: 'submit', class: 'btn btn--primary btn--block', 'data-testid': 'join-check' }, t('join.check')),
    );
    if (focus) queueMicrotask(() => input.isConnected && input.focus());
    return h('div', { class: 'card' }, form);
  }

  /** Step 2: the session is known; name and department are optional. */
  function detailsStep(info: JoinCodeInfo | null, focus: boolean): HTMLElement {
    const other = h(
      'button',
      {
        type: 'button',
        class: 'btn btn--ghost',
        'data-testid': 'join-other-code',
        onclick: () => {
          lookup?.abort();
          showInUrl('');
          show({ kind: 'enter' }, true);
        },
      },
      t('join.otherCode'),
    );
    const sessionLine = h(
      'div',
      { class: 'join-session', tabindex: '-1' },
      info ? h('p', { class: 'join-session__title', 'data-testid': 'join-session-title' }, t('join.session', { title: info.title })) : null,
      h('p', { class: 'code-chip', 'data-testid': 'join-code-shown' }, t('join.code', { code })),
    );
    if (focus) queueMicrotask(() => sessionLine.isConnected && sessionLine.focus());
    if (info?.closed) {
      return h(
        'div',
        null,
        sessionLine,
        h('p', { class: 'banner banner--warn', role: 'alert', 'data-testid': 'join-error' }, t('join.closed')),
        h('p', null, other),
      );
    }

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
    const retrying = retryNotice('join-retrying');

    const form = busyForm(
      {
        submit,
        busyText: t('join.busy'),
        clear: error,
        send: async () => {
          dispose?.();
          const wired = browserConnection(store, { joinDelayed: (ms) => retrying.show(ms) });
          dispose = wired.dispose;
          try {
            const joined = await wired.connection.join(code, name.value.trim() || undefined, department.value.trim() || undefined);
            store.setItem(keys.currentWorkshop(), joined.session_id);
            go('/p', true);
          } finally {
            retrying.hide();
            dispose?.();
            dispose = null;
          }
        },
        failed: (err) => {
          const c = (err as { code?: string }).code ?? 'unknown';
          // the code itself is unknown: back to the code step, where it can be corrected
          if (c === 'unknown_code') show({ kind: 'enter', error: t('join.unknownCode', { code }) }, true);
          else
            error.textContent =
              c === 'session_closed'
                ? t('join.closed')
                : c === 'solo_session_full'
                  ? t('join.full')
                  : c === 'disconnected'
                    ? t('join.offline')
                    : t('join.failed', { code: c });
        },
      },
      h('label', { for: nameId, class: 'label' }, t('join.name')),
      name,
      h('label', { for: deptId, class: 'label' }, t('join.department')),
      department,
      error,
      retrying.element,
      submit,
    );
    return h('div', null, sessionLine, h('div', { class: 'card' }, form), h('p', null, other));
  }

  if (code) void check(code, false);
  else show({ kind: 'enter' });

  return () => {
    gone = true;
    lookup?.abort();
    dispose?.();
  };
}
