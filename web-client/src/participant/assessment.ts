// The participant's assessment screen, for a workshop (/p) and the solo self-assessment (/solo): one
// statement at a time with current and desired, an overview of all 21, progress, the connection state and,
// once the facilitator reveals, the group's answers. Everything it shows survives a reload (cached model).
import { fetchCatalogue, type Catalogue } from '../lib/api';
import { browserConnection } from '../lib/browser-connection';
import { storedCredentials, type Connection } from '../lib/connection';
import type { ConnectionView } from '../lib/connection-types';
import { h, replaceChildren } from '../lib/dom';
import { language, onLanguageChange, t, type StringKey } from '../lib/i18n';
import { ASPECTS, STATEMENT_COUNT, type Aspect } from '../lib/protocol';
import {
  applyConfirmed,
  applySnapshot,
  applyUpdate,
  effectiveAnswers,
  emptyModel,
  hasAnswers,
  isOpen,
  newFocus,
  nextUnanswered,
  openElsewhere,
  progressOf,
  resultFor,
  type EffectiveAnswer,
  type ParticipantModel,
} from '../lib/state';
import { browserStore, keys, readJson, writeJson } from '../lib/storage';
import { connectionStatus } from '../components/connection-status';
import { distributionChart } from '../components/distribution';
import { levelChoice } from '../components/level-choice';
import { reportPanel } from '../solo/report-panel';

export interface AssessmentOptions {
  sessionId: string;
  mode: 'workshop' | 'solo';
  go: (path: string) => void;
}

export function mountAssessment(main: HTMLElement, opts: AssessmentOptions): () => void {
  const store = browserStore();
  const creds = storedCredentials(store, opts.sessionId);
  if (!creds) {
    replaceChildren(
      main,
      h('h1', null, t('participant.noSession')),
      h('p', null, h('a', { href: '/' }, t('common.home'))),
    );
    return () => {};
  }

  let model: ParticipantModel = readJson<ParticipantModel>(store, keys.model(opts.sessionId)) ?? emptyModel;
  let catalogue: Catalogue | null = null;
  let view: 'statement' | 'overview' = 'statement';
  let current = initialStatement();
  // a statement in the address when the page opened: the participant was somewhere already (a reload)
  const openedAt = current;
  // one persistent live region: a notice is announced once, not again on every re-render
  const notice = h('div', { class: 'notice', role: 'alert', 'data-testid': 'notice' });
  const announce = (text: string) => {
    notice.textContent = text;
    notice.classList.toggle('banner', !!text);
    notice.classList.toggle('banner--info', !!text);
  };
  // where the facilitator took everyone: said politely (a status, not an alert), visible until the next move
  const moved = h('div', { class: 'notice', role: 'status', 'data-testid': 'moved' });
  const tellMoved = (...content: (HTMLElement | string)[]) => {
    replaceChildren(moved, ...content);
    const shown = content.length > 0;
    moved.classList.toggle('banner', shown);
    moved.classList.toggle('banner--info', shown);
  };
  // said once to screen readers, shown on the page in a lasting way (the removal, the question about an
  // ambition below now): outside `main`, so no re-render touches them
  const srPolite = h('div', { class: 'visually-hidden', role: 'status', 'data-testid': 'sr-polite' });
  const srAlert = h('div', { class: 'visually-hidden', role: 'alert', 'data-testid': 'sr-alert' });
  document.body.append(srPolite, srAlert);
  const say = (text: string, urgent = false) => {
    const region = urgent ? srAlert : srPolite;
    region.textContent = '';
    window.setTimeout(() => (region.textContent = text), 50);
  };
  // statements whose lower ambition the participant confirmed (not asked again), and the answer pairs
  // they chose to change (not asked again while the pair stays)
  const lowerOkKey = keys.lowerAmbition(opts.sessionId);
  const lowerOk = new Set<number>(readJson<number[]>(store, lowerOkKey) ?? []);
  const lowerDismissed = new Map<number, string>();
  const lowerAsked = new Set<string>();
  let connView: ConnectionView = { status: 'connecting', waiting: 0 };
  let frame = 0;
  let focusHeadingNext = false;
  let topNext = false;
  let disposed = false;
  // built once (and again per language), so a re-render on every update keeps the chosen comparisons
  let reportSection: HTMLElement | null = null;
  const status = connectionStatus();

  const save = () => writeJson(store, keys.model(opts.sessionId), model);
  const errorReason = (code: string) =>
    ['statement_closed', 'session_closed', 'participant_removed'].includes(code)
      ? t(`error.${code}` as StringKey)
      : t('error.other', { code });

  const { connection, dispose } = browserConnection(store, {
    state: (v) => {
      connView = v;
      status.show(v);
      if (v.status === 'ended') scheduleRender();
    },
    snapshot: (msg) => {
      if (msg.role !== 'participant') return;
      const arriving = model.session === null;
      model = applySnapshot(model, msg);
      const focus = newFocus(model);
      if (focus) {
        // just joined (nothing answered yet): start where the group is. A participant already mid-way whose
        // device never saw a focus is left where they are; a focus that changed while they were away is news.
        const midway = model.focusSeen === null && (hasAnswers(model) || openedAt !== 0);
        if (!midway) follow(focus.statement, !arriving);
        model = { ...model, focusSeen: focus.number };
      }
      save();
      if (current < 1 || current > STATEMENT_COUNT) current = 1;
      scheduleRender();
    },
    update: (msg) => {
      const before = model.session?.round;
      const wasRemoved = model.removed;
      model = applyUpdate(model, msg);
      if (before !== undefined && model.session && model.session.round !== before) {
        announce(t('participant.newRound'));
      }
      if (model.removed && !wasRemoved) {
        tellMoved();
        announce('');
        say(t('participant.removed'), true);
        topNext = true; // the banner is at the top: show it, wherever they were reading
      }
      const focus = newFocus(model);
      if (focus) {
        follow(focus.statement, true);
        model = { ...model, focusSeen: focus.number };
      }
      save();
      scheduleRender();
    },
    confirmed: (entry, seq) => {
      model = applyConfirmed(model, entry.command, seq);
      save();
      scheduleRender();
    },
    rejected: (entry, code) => {
      if (code === 'participant_removed') model = { ...model, removed: true };
      if (code === 'session_closed' && model.session) model = { ...model, session: { ...model.session, closed: true } };
      if (code === 'statement_closed' && model.session && 'statement' in entry.command) {
        const closed = entry.command.statement;
        model = { ...model, session: { ...model.session, open: model.session.open.filter((s) => s !== closed) } };
      }
      save();
      const n = 'statement' in entry.command ? entry.command.statement : 0;
      announce(t('statement.rejected', { n: String(n), reason: errorReason(code) }));
      scheduleRender();
    },
  });
  connection.attach({ role: 'participant', session_id: creds.session_id, token: creds.token }, model.seq);
  status.show(connection.view());

  const offLanguage = onLanguageChange(() => {
    status.show(connection.view());
    reportSection = null;
    void loadCatalogue();
  });
  void loadCatalogue();

  async function loadCatalogue(): Promise<void> {
    try {
      catalogue = await fetchCatalogue(language());
      scheduleRender();
    } catch (err) {
      replaceChildren(main, h('p', { role: 'alert' }, t('common.error', { message: (err as Error).message })));
    }
  }

  function initialStatement(): number {
    const s = Number(new URLSearchParams(window.location.search).get('s'));
    return Number.isInteger(s) && s >= 1 && s <= STATEMENT_COUNT ? s : 0;
  }

  function scheduleRender(): void {
    if (disposed || frame) return;
    frame = window.requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  /** Whether the participant is typing (a text field has focus): then the page must not move under them. */
  function typing(): boolean {
    const el = document.activeElement;
    if (el instanceof HTMLTextAreaElement) return true;
    if (el instanceof HTMLInputElement) {
      return !['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(el.type);
    }
    return el instanceof HTMLElement && el.isContentEditable;
  }

  /**
   * The facilitator sent everyone to `statement`: go there, and say so (`tell`) unless it is where the
   * participant arrives anyway. While they type, only offer the way there.
   */
  function follow(statement: number, tell: boolean): void {
    if (model.removed || model.session?.closed) return;
    if (view === 'statement' && current === statement) {
      tellMoved();
      return;
    }
    if (typing()) {
      tellMoved(
        t('participant.focusAsk', { n: statement }),
        ' ',
        h(
          'button',
          { type: 'button', class: 'btn btn--secondary btn--small', 'data-testid': 'follow-focus', onclick: () => goTo(statement) },
          t('statement.goTo', { n: statement }),
        ),
      );
      return;
    }
    // focus moves with the page only when it was on the page that is replaced (else it stays where it is)
    const focusOnPage = main.contains(document.activeElement) && document.activeElement !== main;
    current = statement;
    view = 'statement';
    announce('');
    if (tell) tellMoved(t('participant.focusMoved', { n: statement }));
    else tellMoved();
    if (focusOnPage) focusHeadingNext = true;
    history.replaceState(null, '', `${window.location.pathname}?s=${current}`);
  }

  function goTo(statement: number): void {
    current = Math.min(STATEMENT_COUNT, Math.max(1, statement));
    view = 'statement';
    announce('');
    tellMoved();
    history.replaceState(null, '', `${window.location.pathname}?s=${current}`);
    focusHeadingNext = true;
    render();
  }

  function choose(conn: Connection, statement: number, aspect: Aspect, level: number): void {
    announce('');
    conn.answer(statement, aspect, level);
    render(); // at once: the choice must show under the thumb
  }

  function render(): void {
    if (disposed) return;
    if (!catalogue) {
      replaceChildren(main, h('p', { class: 'loading' }, t('common.loading')));
      return;
    }
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    const answers = effectiveAnswers(model, connection.waiting());
    if (current === 0) current = nextUnanswered(model, answers) ?? 1;

    // the statement in the URL, so a reload comes back to it (the URL holds no secret)
    if (view === 'statement' && new URLSearchParams(window.location.search).get('s') !== String(current)) {
      history.replaceState(null, '', `${window.location.pathname}?s=${current}`);
    }
    const body = view === 'overview' ? overview(catalogue, answers) : statementCard(catalogue, answers);
    replaceChildren(main, top(answers), body, ownReport(answers));

    if (topNext) {
      topNext = false;
      window.scrollTo(0, 0);
    }
    if (focusHeadingNext) {
      focusHeadingNext = false;
      window.scrollTo(0, 0);
      const heading = main.querySelector('h1');
      heading?.setAttribute('tabindex', '-1');
      heading?.focus({ preventScroll: true });
    } else if (focusedKey) {
      main.querySelector<HTMLElement>(`[data-key="${focusedKey}"]`)?.focus({ preventScroll: true });
    }
  }

  function top(answers: Record<number, EffectiveAnswer>): HTMLElement {
    const progress = progressOf(answers);
    const session = model.session;
    const banners: HTMLElement[] = [];
    // lasting states: plain text (the status line and the notice region announce changes)
    if (connView.status === 'ended') {
      const again = opts.mode === 'solo' ? '/solo' : creds!.join_code ? `/join/${creds!.join_code}` : '/';
      if (opts.mode === 'solo') store.removeItem(keys.currentSolo());
      banners.push(
        h('p', { class: 'banner banner--warn' }, t('conn.ended'), ' ', h('a', { href: again }, t('common.home'))),
      );
    }
    if (model.removed) banners.push(h('p', { class: 'banner banner--warn', 'data-testid': 'removed' }, t('participant.removed')));
    else if (session?.closed) banners.push(h('p', { class: 'banner banner--info' }, t('participant.sessionClosed')));
    banners.push(notice, moved);
    return h(
      'div',
      { class: 'p-top' },
      h(
        'div',
        { class: 'p-top__row' },
        h('span', { class: 'p-top__title' }, session?.title ?? ''),
        session && session.mode === 'workshop' && session.round > 1
          ? h('span', { class: 'badge' }, t('participant.round', { n: session.round }))
          : null,
      ),
      // someone removed no longer takes part: "Verbonden" beside the banner that says so would contradict it
      model.removed ? null : status.element,
      h(
        'div',
        { class: 'progress' },
        h('progress', {
          max: progress.total,
          value: progress.complete,
          'aria-labelledby': 'progress-label',
        }),
        h(
          'span',
          { id: 'progress-label', class: 'progress__label', 'data-testid': 'progress' },
          t('overview.progress', { complete: progress.complete, total: progress.total }),
        ),
      ),
      banners,
    );
  }

  // A workshop participant's own report (the solo result page has its own), once it has something in it:
  // after a first answer, or when the session is closed. Their token opens it.
  function ownReport(answers: Record<number, EffectiveAnswer>): HTMLElement | null {
    const session = model.session;
    if (opts.mode !== 'workshop' || !session || model.removed) return null;
    const answered = Object.values(answers).some((a) => a.current !== null || a.desired !== null);
    if (!answered && !session.closed) return null;
    reportSection ??= h(
      'div',
      { class: 'p-report' },
      reportPanel({ sessionId: creds!.session_id, token: creds!.token, municipality: session.municipality }, { print: false }),
      h('p', { class: 'hint' }, t('participant.reportHint')),
    );
    return reportSection;
  }

  function statementCard(cat: Catalogue, answers: Record<number, EffectiveAnswer>): HTMLElement {
    const s = cat.statements.find((x) => x.id === current);
    const theme = cat.themes.find((x) => x.id === s?.theme);
    const answer = answers[current] ?? { current: null, desired: null, pending: { current: false, desired: false } };
    const open = isOpen(model, current);
    const locked = !!model.session && !model.session.closed && !model.removed && !open;
    const result = resultFor(model, current);
    const allDone = nextUnanswered(model, answers) === null;

    return h(
      'div',
      { class: 'card-stack' },
      h(
        'section',
        { class: 'statement', 'aria-labelledby': 'statement-title', 'data-statement': current },
        h(
          'p',
          { class: 'eyebrow' },
          t('statement.of', { n: current, total: STATEMENT_COUNT }),
          theme ? ` · ${theme.name}` : '',
        ),
        h('h1', { id: 'statement-title', class: 'statement__title' }, s?.title ?? ''),
        h('p', { class: 'statement__text' }, s?.statement ?? ''),
        locked ? lockedBanner() : null,
        h('p', { class: 'hint' }, t('level.cumulativeHint')),
        ASPECTS.map((aspect) =>
          levelChoice({
            catalogue: cat,
            statement: current,
            aspect,
            value: answer[aspect],
            pending: answer.pending[aspect],
            disabled: !open,
            onChoose: (level) => choose(connection, current, aspect, level),
            note: aspect === 'desired' && open ? lowerAmbitionAsk(answer) : null,
          }),
        ),
        result
          ? h(
              'section',
              { class: 'group-results', 'aria-labelledby': 'group-title' },
              h('h2', { id: 'group-title' }, t('results.title')),
              h(
                'div',
                { class: 'group-results__charts' },
                distributionChart('current', result.current, answer.current),
                distributionChart('desired', result.desired, answer.desired),
              ),
            )
          : null,
        allDone && opts.mode === 'workshop' && !model.removed
          ? h('p', { class: 'banner banner--done', role: 'status' }, t('participant.done'))
          : null,
      ),
      pager(allDone),
    );
  }

  /** A closed statement says where the group is: the open statement(s), the facilitator's focus first. */
  function lockedBanner(): HTMLElement {
    const elsewhere = openElsewhere(model, current);
    const shown = elsewhere.slice(0, 3);
    const text =
      elsewhere.length === 0
        ? t('statement.locked')
        : elsewhere.length === 1
          ? t('statement.lockedGoOne', { n: elsewhere[0]! })
          : t('statement.lockedGo');
    return h(
      'div',
      { class: 'banner banner--lock', 'data-testid': 'locked' },
      h('p', { class: 'banner__text' }, h('span', { 'aria-hidden': 'true' }, '🔒 '), text),
      shown.length
        ? h(
            'p',
            { class: 'banner__actions' },
            shown.map((n, i) =>
              h(
                'button',
                {
                  type: 'button',
                  class: `btn ${i === 0 ? 'btn--primary' : 'btn--secondary'}`,
                  'data-key': `go-open-${n}`,
                  'data-testid': 'go-open',
                  onclick: () => goTo(n),
                },
                t('statement.goTo', { n }),
              ),
            ),
          )
        : null,
    );
  }

  /**
   * An ambition below now is asked about once, inline: "is that right?" (not blocking anything). Confirmed,
   * it is not asked again for this statement; "change it" takes the participant to the desired levels.
   */
  function lowerAmbitionAsk(answer: EffectiveAnswer): HTMLElement | null {
    const statement = current;
    const { current: now, desired } = answer;
    if (!now || !desired || desired >= now || lowerOk.has(statement)) return null;
    const pair = `${now}:${desired}`;
    if (lowerDismissed.get(statement) === pair) return null;
    if (!lowerAsked.has(`${statement}:${pair}`)) {
      lowerAsked.add(`${statement}:${pair}`);
      say(t('level.lowerAsk'));
    }
    const focusKey = (key: string) => main.querySelector<HTMLElement>(`[data-key="${key}"]`)?.focus();
    return h(
      'div',
      { class: 'ask', 'data-testid': 'lower-ask' },
      h('p', { class: 'ask__text' }, t('level.lowerAsk')),
      h(
        'p',
        { class: 'ask__actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn--secondary btn--small',
            'data-key': 'lower-yes',
            onclick: () => {
              lowerOk.add(statement);
              writeJson(store, lowerOkKey, [...lowerOk]);
              render();
              focusKey(`s${statement}-desired-${desired}`);
            },
          },
          t('level.lowerYes'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn--ghost btn--small',
            'data-key': 'lower-change',
            onclick: () => {
              lowerDismissed.set(statement, pair);
              render();
              const radio = main.querySelector<HTMLElement>(`[data-key="s${statement}-desired-${desired}"]`);
              radio?.closest('label')?.scrollIntoView({ block: 'nearest' });
              radio?.focus({ preventScroll: true });
            },
          },
          t('level.lowerChange'),
        ),
      ),
    );
  }

  function pager(allDone: boolean): HTMLElement {
    const solo = opts.mode === 'solo';
    const last = current === STATEMENT_COUNT;
    return h(
      'nav',
      { class: 'pager', 'aria-label': t('statement.overview') },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--ghost',
          disabled: current === 1,
          'data-key': 'prev',
          onclick: () => goTo(current - 1),
        },
        h('span', { 'aria-hidden': 'true' }, '‹ '),
        t('statement.previous'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--ghost',
          'data-key': 'overview',
          onclick: () => {
            view = 'overview';
            focusHeadingNext = true;
            render();
          },
        },
        t('statement.overview'),
      ),
      solo && (last || allDone)
        ? h(
            'button',
            { type: 'button', class: 'btn btn--primary', 'data-key': 'result', onclick: () => opts.go('/results/solo') },
            t('solo.toResult'),
          )
        : h(
            'button',
            {
              type: 'button',
              class: 'btn btn--primary',
              disabled: last,
              'data-key': 'next',
              onclick: () => goTo(current + 1),
            },
            t('statement.next'),
            h('span', { 'aria-hidden': 'true' }, ' ›'),
          ),
    );
  }

  function overview(cat: Catalogue, answers: Record<number, EffectiveAnswer>): HTMLElement {
    const levelText = (n: number | null) => (n ? String(n) : '–');
    return h(
      'section',
      { class: 'overview', 'aria-labelledby': 'overview-title' },
      h('h1', { id: 'overview-title' }, t('overview.title')),
      cat.themes.map((theme) =>
        h(
          'div',
          { class: 'overview__theme' },
          h('h2', null, theme.name),
          h(
            'ul',
            { class: 'overview__list' },
            cat.statements
              .filter((s) => s.theme === theme.id)
              .map((s) => {
                const a = answers[s.id];
                const open = isOpen(model, s.id);
                const done = !!a?.current && !!a?.desired;
                const detail =
                  a?.current || a?.desired
                    ? t('overview.answer', { current: levelText(a.current), desired: levelText(a.desired) })
                    : t('overview.notAnswered');
                return h(
                  'li',
                  null,
                  h(
                    'button',
                    {
                      type: 'button',
                      class: `overview__item${done ? ' overview__item--done' : ''}${s.id === current ? ' overview__item--current' : ''}`,
                      'data-key': `ov-${s.id}`,
                      'aria-current': s.id === current ? 'step' : undefined,
                      onclick: () => goTo(s.id),
                    },
                    h('span', { class: 'overview__num' }, String(s.id)),
                    h(
                      'span',
                      { class: 'overview__body' },
                      h('span', { class: 'overview__title' }, s.title),
                      h(
                        'span',
                        { class: 'overview__detail' },
                        done ? h('span', { 'aria-hidden': 'true' }, '✓ ') : null,
                        detail,
                        !open && model.session && !model.session.closed
                          ? h('span', { class: 'overview__lock' }, ` · 🔒 ${t('statement.lockedShort')}`)
                          : null,
                      ),
                    ),
                  ),
                );
              }),
          ),
        ),
      ),
      h(
        'div',
        { class: 'pager' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn--primary',
            'data-key': 'back-to-statement',
            onclick: () => goTo(current),
          },
          t('statement.backToStatement'),
        ),
        opts.mode === 'solo'
          ? h(
              'button',
              { type: 'button', class: 'btn btn--ghost', onclick: () => opts.go('/results/solo') },
              t('solo.toResult'),
            )
          : null,
      ),
    );
  }

  render();
  return () => {
    disposed = true;
    if (frame) window.cancelAnimationFrame(frame);
    offLanguage();
    dispose();
    srPolite.remove();
    srAlert.remove();
  };
}
