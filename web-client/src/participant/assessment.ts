// The participant's assessment screen, for a workshop (/p) and the solo self-assessment (/solo): one
// statement at a time with current and desired, an overview of all 21, progress, the connection state and,
// once the facilitator reveals, the group's answers. Everything it shows survives a reload (cached model).
import { fetchCatalogue, type Catalogue } from '../lib/api';
import { browserConnection, storedCredentials, type Connection, type ConnectionView } from '../lib/connection';
import { h, replaceChildren } from '../lib/dom';
import { language, onLanguageChange, t, type StringKey } from '../lib/i18n';
import { ASPECTS, STATEMENT_COUNT, type Aspect } from '../lib/protocol';
import {
  applyConfirmed,
  applySnapshot,
  applyUpdate,
  effectiveAnswers,
  emptyModel,
  isOpen,
  nextUnanswered,
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
  // one persistent live region: a notice is announced once, not again on every re-render
  const notice = h('div', { class: 'notice', role: 'alert', 'data-testid': 'notice' });
  const announce = (text: string) => {
    notice.textContent = text;
    notice.classList.toggle('banner', !!text);
    notice.classList.toggle('banner--info', !!text);
  };
  let connView: ConnectionView = { status: 'connecting', waiting: 0 };
  let frame = 0;
  let focusHeadingNext = false;
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
      model = applySnapshot(model, msg);
      save();
      if (current < 1 || current > STATEMENT_COUNT) current = 1;
      scheduleRender();
    },
    update: (msg) => {
      const before = model.session?.round;
      model = applyUpdate(model, msg);
      if (before !== undefined && model.session && model.session.round !== before) {
        announce(t('participant.newRound'));
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

  function goTo(statement: number): void {
    current = Math.min(STATEMENT_COUNT, Math.max(1, statement));
    view = 'statement';
    announce('');
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
    if (model.removed) banners.push(h('p', { class: 'banner banner--warn' }, t('participant.removed')));
    else if (session?.closed) banners.push(h('p', { class: 'banner banner--info' }, t('participant.sessionClosed')));
    banners.push(notice);
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
      status.element,
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
        locked
          ? h(
              'p',
              { class: 'banner banner--lock', 'data-testid': 'locked' },
              h('span', { 'aria-hidden': 'true' }, '🔒 '),
              t('statement.locked'),
            )
          : null,
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
        allDone && opts.mode === 'workshop'
          ? h('p', { class: 'banner banner--done', role: 'status' }, t('participant.done'))
          : null,
      ),
      pager(allDone),
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
  };
}
