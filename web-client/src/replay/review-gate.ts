// The review key's gate in front of a session's read-only pages (/replay/:session, /roadmap/:session): it finds
// the token (a review link's #token=, this tab's sessionStorage, the facilitator's key or the operator token the
// provider's desk keeps in this tab; else a form asks for it), loads the page's data with it, says when that
// fails, and asks for a key again when the server refuses the one it had.
import { tokenForm } from '../components/token-form';
import { ApiError } from '../lib/api';
import { h } from '../lib/dom';
import { t, type StringKey } from '../lib/i18n';
import { resolveToken, reviewKey, stripTokenFromFragment } from './logic';

export interface ReviewPage<T> {
  sessionId: string;
  /** the heading while the page loads, asks for a key or failed */
  title: StringKey;
  /** the sentence when loading failed for another reason than the key, with `{message}` */
  error: StringKey;
  load: (token: string) => Promise<T>;
  /** Fills the emptied `main` with what was loaded; `refused` asks for a key again. May return a disposer. */
  show: (data: T, token: string, refused: () => void) => (() => void) | void;
}

export function mountReviewPage<T>(main: HTMLElement, page: ReviewPage<T>): () => void {
  const { sessionId } = page;
  let dispose: (() => void) | null = null;
  let gone = false;
  const hadFocus = main.contains(document.activeElement) || document.activeElement === document.body;
  const heading = () => h('h1', { tabindex: '-1' }, t(page.title));

  const refused = () => {
    sessionStorage.removeItem(reviewKey(sessionId));
    showForm(true);
  };

  const showForm = (wasRefused: boolean) => {
    dispose?.();
    dispose = null;
    main.textContent = '';
    const form = tokenForm({
      refused: wasRefused,
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
    main.append(heading(), form);
    if (wasRefused) form.querySelector('input')?.focus();
  };

  const start = (token: string, focus: boolean) => {
    main.textContent = '';
    main.append(heading(), h('p', { class: 'loading' }, t('common.loading')));
    void page.load(token).then(
      (data) => {
        if (gone) return;
        main.textContent = '';
        dispose = page.show(data, token, refused) ?? null;
        if (focus) main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
      },
      (err: unknown) => {
        if (gone) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
          refused();
          return;
        }
        main.textContent = '';
        main.append(
          heading(),
          h('p', { role: 'alert' }, t(page.error, { message: err instanceof Error ? err.message : String(err) })),
          h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => start(token, true) }, t('common.retry')),
        );
      },
    );
  };

  const found = resolveToken(sessionId, { hash: window.location.hash, session: sessionStorage, local: localStorage });
  if (found.strip) {
    const { pathname, search, hash } = window.location;
    history.replaceState(history.state, '', pathname + search + stripTokenFromFragment(hash));
  }
  if (found.token) start(found.token, hadFocus);
  else showForm(false);

  return () => {
    gone = true;
    dispose?.();
  };
}
