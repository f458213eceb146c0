// /beheer — the provider's desk (and /admin, which leads here): sign in with the operator token (checked with
// GET /api/desk/me, kept in this tab's sessionStorage only, never in a URL), then three parts behind one
// navigation: the requests from the public forms (/beheer, one request at /beheer/aanvragen/:id), the mail
// outbox (/beheer/mail) and the sessions with the coverage of municipalities (/beheer/sessies). Loaded on
// demand from main.ts, so the participant's first download does not carry it.
import './desk.css';
import { tokenForm } from '../components/token-form';
import { ApiError } from '../lib/api';
import { h } from '../lib/dom';
import { isRateLimited, waitText } from '../lib/rate-limit';
import { keys } from '../lib/storage';
import type { Navigate } from '../pages/navigate';
import { fetchMe, type DeskMe } from './api';
import { dt, TAB_PATHS, type DeskTab } from './logic';
import { mailView } from './mail';
import { requestsView, requestView } from './requests';
import { sessionsView } from './sessions';
import type { DeskKey } from './strings';
import { flashNext, takeFlash, type DeskContext, type DeskView } from './ui';

export interface DeskRoute {
  tab: DeskTab;
  /** a request opened from the inbox (/beheer/aanvragen/:id) */
  requestId?: string;
}

/** Who signed in with which token, so moving between the desk's parts does not ask the server again. */
let signedIn: { token: string; me: DeskMe } | null = null;
/** Whether the desk was shown before in this page's life: then a new part's heading takes focus, not the h1. */
let shownBefore = false;

const storedToken = () => sessionStorage.getItem(keys.operator());
const forget = () => {
  sessionStorage.removeItem(keys.operator());
  signedIn = null;
};

export function renderDesk(main: HTMLElement, route: DeskRoute, go: Navigate): () => void {
  let view: DeskView | null = null;
  let gone = false;
  const hadFocus = main.contains(document.activeElement) || document.activeElement === document.body;
  main.classList.add('main--desk');

  const clear = () => {
    view?.dispose?.();
    view = null;
    main.textContent = '';
  };

  const title = () => h('h1', { tabindex: '-1', class: 'desk__h1' }, dt('desk.title'));

  /** The sign-in form; `error` is said at the field at once (a refused key, a wait). */
  const showSignIn = (error: string | null, focusField: boolean) => {
    clear();
    const flash = takeFlash();
    const notice = flash && !error ? h('p', { class: `banner banner--${flash.kind}`, role: 'status', 'data-testid': 'desk-flash' }, flash.text) : null;
    const checking = h('p', { class: 'hint', role: 'status', 'data-testid': 'desk-signin-status' });
    const form = tokenForm<DeskKey>({
      refused: error !== null,
      ...(error !== null ? { error } : {}),
      testIds: { form: 'desk-signin', input: 'desk-token' },
      text: {
        title: 'desk.signin.title',
        intro: 'desk.signin.intro',
        label: 'desk.signin.label',
        hint: 'desk.signin.hint',
        empty: 'desk.signin.empty',
        invalid: 'desk.signin.invalid',
        submit: 'desk.signin.submit',
      },
      translate: (key) => dt(key),
      onToken: (token) => {
        const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
        if (button) button.disabled = true;
        checking.textContent = dt('desk.signin.checking');
        void signIn(token, true);
      },
    });
    form.append(checking);
    main.append(h('div', { class: 'desk desk--signin' }, title(), notice, form));
    if (focusField) form.querySelector('input')?.focus();
    else if (hadFocus) main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  };

  /** Checks a token with GET /api/desk/me; keeps it for this tab when it opens the desk. */
  const signIn = async (token: string, typed: boolean) => {
    try {
      const me = await fetchMe(token);
      if (gone) return;
      sessionStorage.setItem(keys.operator(), token);
      signedIn = { token, me };
      showDesk(true);
    } catch (err) {
      if (gone) return;
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        forget();
        showSignIn(typed ? dt('desk.signin.invalid') : dt('desk.expired'), typed);
      } else if (isRateLimited(err)) {
        forget();
        const wait = err instanceof ApiError ? err.retryAfterS : null;
        showSignIn(wait === null ? dt('desk.signin.waitLater') : dt('desk.signin.wait', { wait: waitText(wait) }), typed);
      } else {
        // the server could not be reached: keep the key, say so, offer to try again
        if (!typed) {
          clear();
          main.append(
            h(
              'div',
              { class: 'desk' },
              title(),
              h('p', { role: 'alert' }, dt('desk.signin.failed', { message: err instanceof Error ? err.message : String(err) })),
              h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => void signIn(token, false) }, dt('desk.refresh')),
            ),
          );
        } else {
          showSignIn(dt('desk.signin.failed', { message: err instanceof Error ? err.message : String(err) }), true);
        }
      }
    }
  };

  const signOut = (message: string, kind: 'info' | 'done') => {
    forget();
    flashNext(message, kind);
    if (window.location.pathname !== TAB_PATHS.requests || window.location.search) go(TAB_PATHS.requests, true);
    else showSignIn(null, false);
  };

  const context = (): DeskContext => {
    const { token, me } = signedIn!;
    return {
      token,
      me,
      go,
      fail: (err) => {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          forget();
          if (!gone) showSignIn(dt('desk.expired'), true);
          return dt('desk.expired');
        }
        if (isRateLimited(err)) {
          const wait = err instanceof ApiError ? err.retryAfterS : null;
          return dt('desk.rateLimited', { wait: waitText(wait ?? 30) });
        }
        return dt('desk.failed', { message: err instanceof Error ? err.message : String(err) });
      },
      announce: (message) => {
        const line = main.querySelector<HTMLElement>('[data-testid=desk-status]');
        if (line) line.textContent = message;
      },
    };
  };

  const tabLink = (tab: DeskTab, label: string) =>
    h(
      'a',
      {
        href: TAB_PATHS[tab],
        class: 'desk__tab',
        'aria-current': route.tab === tab ? 'page' : undefined,
        'data-testid': `desk-tab-${tab}`,
      },
      label,
    );

  const showDesk = (focusTitle: boolean) => {
    clear();
    const ctx = context();
    const status = h('p', { class: 'desk__status', role: 'status', 'data-testid': 'desk-status' });
    const flash = takeFlash();
    const notice = flash ? h('p', { class: `banner banner--${flash.kind}`, role: 'status', 'data-testid': 'desk-flash' }, flash.text) : null;
    view =
      route.tab === 'mail'
        ? mailView(ctx)
        : route.tab === 'sessions'
          ? sessionsView(ctx)
          : route.requestId !== undefined
            ? requestView(ctx, route.requestId)
            : requestsView(ctx, window.location.search);
    main.append(
      h(
        'div',
        { class: 'desk' },
        h(
          'header',
          { class: 'desk__head' },
          h(
            'div',
            { class: 'desk__titles' },
            title(),
            h('p', { class: 'desk__who', 'data-testid': 'desk-who' }, `${dt('desk.signedInAs')} `, h('strong', null, ctx.me.label)),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn--ghost btn--small',
              'data-testid': 'desk-signout',
              onclick: () => signOut(dt('desk.signedOut'), 'info'),
            },
            dt('desk.signout'),
          ),
        ),
        h(
          'nav',
          { class: 'desk__tabs', 'aria-label': dt('desk.nav') },
          tabLink('requests', dt('desk.tab.requests')),
          tabLink('mail', dt('desk.tab.mail')),
          tabLink('sessions', dt('desk.tab.sessions')),
        ),
        notice,
        status,
        view.element,
      ),
    );
    if (focusTitle) main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    else if (hadFocus) (shownBefore ? view.heading : main.querySelector<HTMLElement>('h1'))?.focus({ preventScroll: true });
    shownBefore = true;
  };

  const token = storedToken();
  if (!token) showSignIn(null, false);
  else if (signedIn?.token === token) showDesk(false);
  else {
    main.append(h('div', { class: 'desk' }, title(), h('p', { class: 'loading' }, dt('desk.signin.checking'))));
    void signIn(token, false);
  }

  return () => {
    gone = true;
    view?.dispose?.();
    main.classList.remove('main--desk');
  };
}
