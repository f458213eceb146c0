// /replay/:session — a past (or running) session at any moment, read-only. This file finds the token (a
// review link's #token=, this tab's sessionStorage or the facilitator's key; else a form asks for it), loads
// the timeline and the catalogue, and says when that fails; screen.ts shows the replay itself (a timeline bar
// with markers, play / pause at 1× to 60×, "jump to consensus", the dashboard's panels at that moment, exports).
import '../facilitator/dashboard.css';
import './replay.css';
import { ApiError, fetchCatalogue } from '../lib/api';
import { h } from '../lib/dom';
import { tokenForm } from '../components/token-form';
import { language, t } from '../lib/i18n';
import { fetchTimeline } from './api';
import { resolveToken, reviewKey, stripTokenFromFragment } from './logic';
import { mountReplay } from './screen';

export function renderReplay(main: HTMLElement, sessionId: string): () => void {
  let dispose: (() => void) | null = null;
  let gone = false;
  const hadFocus = main.contains(document.activeElement) || document.activeElement === document.body;

  const showForm = (refused: boolean) => {
    dispose?.();
    dispose = null;
    main.textContent = '';
    const form = tokenForm({
      refused,
      testIds: { form: 'review-token-form', input: 'review-token-input' },
      text: {
        title: 'replay.token.title',
        label: 'replay.token.label',
        hint: 'replay.token.text',
        empty: 'replay.token.empty',
        invalid: 'replay.token.invalid',
        submit: 'replay.token.submit',
      },
      onToken: (token) => {
        sessionStorage.setItem(reviewKey(sessionId), token);
        start(token, true);
      },
    });
    main.append(h('h1', { tabindex: '-1' }, t('replay.title')), form);
    if (refused) form.querySelector('input')?.focus();
  };

  const start = (token: string, focus: boolean) => {
    main.textContent = '';
    main.append(h('h1', { tabindex: '-1' }, t('replay.title')), h('p', { class: 'loading' }, t('common.loading')));
    void Promise.all([fetchTimeline(sessionId, token), fetchCatalogue(language()).catch(() => null)]).then(
      ([timeline, catalogue]) => {
        if (gone) return;
        main.textContent = '';
        dispose = mountReplay(main, sessionId, token, timeline, catalogue, () => {
          sessionStorage.removeItem(reviewKey(sessionId));
          showForm(true);
        });
        if (focus) main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
      },
      (err: unknown) => {
        if (gone) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
          sessionStorage.removeItem(reviewKey(sessionId));
          showForm(true);
          return;
        }
        main.textContent = '';
        main.append(
          h('h1', { tabindex: '-1' }, t('replay.title')),
          h('p', { role: 'alert' }, t('replay.error', { message: err instanceof Error ? err.message : String(err) })),
          h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => start(token, true) }, t('common.retry')),
        );
      },
    );
  };

  const found = resolveToken(sessionId, { hash: window.location.hash, session: sessionStorage, local: localStorage });
  if (found.strip) history.replaceState(history.state, '', window.location.pathname + window.location.search + stripTokenFromFragment(window.location.hash));
  if (found.token) start(found.token, hadFocus);
  else showForm(false);

  return () => {
    gone = true;
    dispose?.();
  };
}
