// /f/:session — the facilitator's page: the one-time key notice after creating a workshop, a form to paste
// the key when this browser has none (or the server refused it), and otherwise the live dashboard (loaded
// on demand, so participants' phones never download it).
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { browserStore, keys, readJson, writeJson } from '../lib/storage';
import { tokenForm } from '../components/token-form';

export interface FacilitatorRecord {
  token: string;
  join_code: string;
  title?: string;
  municipality?: string;
  /** true until the facilitator confirmed they kept the token */
  show_token?: boolean;
}

/** The one-time notice with the facilitator key, until the facilitator says they kept it. */
function tokenNotice(record: FacilitatorRecord, onKept: () => void): HTMLElement {
  const box = h(
    'section',
    { class: 'card card--warn', 'aria-labelledby': 'token-title', 'data-testid': 'token-box' },
    h('h2', { id: 'token-title' }, t('facilitator.tokenTitle')),
    h('p', null, t('facilitator.tokenWarning')),
    h('p', null, h('code', { class: 'token', 'data-testid': 'facilitator-token' }, record.token)),
    h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => onKept() }, t('facilitator.tokenSaved')),
  );
  return box;
}

export function renderFacilitator(main: HTMLElement, sessionId: string): () => void {
  const store = browserStore();
  let cleanup: (() => void) | null = null;
  let generation = 0;

  const showForm = (refused: boolean) => {
    cleanup?.();
    cleanup = null;
    generation++;
    main.textContent = '';
    const record = readJson<FacilitatorRecord>(store, keys.facilitator(sessionId));
    main.append(
      h('h1', { tabindex: '-1' }, record?.title ?? t('facilitator.title')),
      tokenForm({
        refused,
        testIds: { form: 'token-form', input: 'token-input' },
        text: {
          title: 'dash.token.title',
          intro: 'facilitator.noToken',
          label: 'dash.token.label',
          hint: 'dash.token.hint',
          empty: 'dash.token.empty',
          invalid: 'dash.token.invalid',
          submit: 'dash.token.submit',
        },
        onToken: (token) => {
          // the join code comes with the snapshot; keep what we know
          writeJson(store, keys.facilitator(sessionId), { ...(record ?? { join_code: '' }), token, show_token: false });
          start();
        },
      }),
    );
    main.querySelector<HTMLElement>('h1')?.focus();
  };

  const start = () => {
    cleanup?.();
    cleanup = null;
    const mine = ++generation;
    main.textContent = '';
    const record = readJson<FacilitatorRecord>(store, keys.facilitator(sessionId));
    if (!record?.token) {
      showForm(false);
      return;
    }
    const notice = record.show_token
      ? tokenNotice(record, () => {
          writeJson(store, keys.facilitator(sessionId), { ...record, show_token: false });
          notice?.remove();
          main.querySelector<HTMLElement>('h1')?.focus();
        })
      : null;
    main.append(h('h1', { class: 'visually-hidden' }, record.title ?? t('dash.title')), h('p', { class: 'loading' }, t('common.loading')));
    void import('./dashboard').then(({ mountDashboard }) => {
      if (mine !== generation) return;
      const hadFocus = main.contains(document.activeElement);
      main.textContent = '';
      cleanup = mountDashboard(main, {
      sessionId,
      token: record.token,
      joinCode: record.join_code,
      ...(record.title ? { title: record.title } : {}),
      ...(record.municipality ? { municipality: record.municipality } : {}),
      notice,
      onInvalidToken: () => queueMicrotask(() => showForm(true)),
      onJoinCode: (code) => {
        writeJson(store, keys.facilitator(sessionId), { ...record, join_code: code });
        start();
      },
      });
      if (hadFocus) main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    });
  };

  start();
  return () => {
    generation++;
    cleanup?.();
  };
}
