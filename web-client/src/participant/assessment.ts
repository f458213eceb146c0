// The participant's assessment screen, for a workshop (/p) and the solo self-assessment (/solo): one
// statement at a time with current and desired, an overview of all 21, progress, the connection state and,
// once the facilitator reveals, the group's answers. Everything it shows survives a reload (cached model).
// This file keeps the model in step with the server and renders; the parts live in this folder.
import { fetchCatalogue, type Catalogue } from '../lib/api';
import { browserConnection } from '../lib/browser-connection';
import { storedCredentials } from '../lib/connection';
import type { ConnectionView } from '../lib/connection-types';
import { h, replaceChildren } from '../lib/dom';
import { language, onLanguageChange, t, type StringKey } from '../lib/i18n';
import { STATEMENT_COUNT } from '../lib/protocol';
import type { OutboxCommand, OutboxEntry } from '../lib/outbox';
import { isRoadmapCommand } from '../lib/roadmap';
import {
  applyConfirmed,
  applySnapshot,
  applyUpdate,
  effectiveAnswers,
  emptyModel,
  nextUnanswered,
  type EffectiveAnswer,
  type ParticipantModel,
} from '../lib/state';
import { browserStore, keys, readJson, writeJson } from '../lib/storage';
import { connectionStatus } from '../components/connection-status';
import { reportPanel } from '../solo/report-panel';
import { FocusFollower } from './follow-focus';
import { LowerAmbitionAsk } from './lower-ambition';
import { Navigation, pager } from './navigation';
import { assessmentNotices } from './notices';
import { overview } from './overview';
import { pageTop } from './page-top';
import { RoadmapSection } from './roadmap-section';
import { statementCard } from './statement-view';

export interface AssessmentOptions {
  sessionId: string;
  mode: 'workshop' | 'solo';
  go: (path: string) => void;
  /** a part the page adds under the top (the solo's offer to compare with the respondent's earlier one) */
  extension?: AssessmentExtension;
}

/** What an added part sees on every render, and how it sends its own commands through the page's outbox. */
export interface AssessmentExtensionContext {
  model: ParticipantModel;
  answers: Record<number, EffectiveAnswer>;
  waiting: readonly OutboxEntry[];
  send: (command: OutboxCommand) => OutboxEntry;
  /** says a line once to screen readers */
  say: (text: string) => void;
}

/**
 * A part added to the assessment: its element is made once and placed under the page's top on every render
 * (its controls keep the focus through `data-key`, as the page's own do).
 */
export interface AssessmentExtension {
  element: HTMLElement;
  /** before each render places it */
  update(ctx: AssessmentExtensionContext): void;
  /** one of the page's outbox commands was acknowledged (`code` null) or refused for good: true when it was the part's own */
  settled(entry: OutboxEntry, code: string | null): boolean;
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
  const notices = assessmentNotices();
  const nav = new Navigation(notices, () => render());
  const follower = new FocusFollower(main, nav, notices);
  const lower = new LowerAmbitionAsk(store, keys.lowerAmbition(opts.sessionId), main, (text) => notices.say(text), () => render());
  let connView: ConnectionView = { status: 'connecting', waiting: 0 };
  let frame = 0;
  let topNext = false;
  let disposed = false;
  // built once (and again per language), so a re-render on every update keeps the chosen comparisons
  let reportSection: HTMLElement | null = null;
  const status = connectionStatus();
  // the roadmap dialogue of a workshop: made once, patched on every render (see roadmap-section.ts); a command
  // is shown waiting at once (a vote pressed, votes left down), not when its ack comes: offline that is never
  const roadmap =
    opts.mode === 'workshop'
      ? new RoadmapSection({
          send: (command) => {
            const entry = connection.command(command);
            scheduleRender();
            return entry;
          },
        })
      : null;

  const save = () => writeJson(store, keys.model(opts.sessionId), model);
  // Updates do not carry the own votes: when an action one voted for leaves the list (merged into another, or
  // hidden), a fresh snapshot says where that vote went. Once per such set, so a hidden action's kept vote
  // does not ask again on every update.
  let askedFor = '';
  const refreshVotesIfGone = () => {
    const shown = new Set((model.roadmap?.actions ?? []).map((a) => a.id));
    const gone = (model.votes?.votes ?? []).filter((id) => !shown.has(id)).sort().join(',');
    if (gone && gone !== askedFor) {
      askedFor = gone;
      connection.refresh();
    }
  };
  const errorReason = (code: string) =>
    ['statement_closed', 'session_closed', 'participant_removed'].includes(code)
      ? t(`error.${code}` as StringKey)
      : t('error.other', { code });

  // what waits in the outbox words the status line ("3 antwoorden" or, with a vote among them, "3 wijzigingen");
  // set once the connection exists (its first state may come while it is being made)
  let onlyAnswers = () => true;
  const { connection, dispose } = browserConnection(store, {
    state: (v) => {
      connView = v;
      status.show(v, onlyAnswers());
      if (v.status === 'ended') scheduleRender();
    },
    snapshot: (msg) => {
      if (msg.role !== 'participant') return;
      const arriving = model.session === null;
      model = applySnapshot(model, msg);
      model = follower.onSnapshot(model, arriving);
      save();
      if (nav.current < 1 || nav.current > STATEMENT_COUNT) nav.current = 1;
      scheduleRender();
    },
    update: (msg) => {
      const before = model.session?.round;
      const wasRemoved = model.removed;
      model = applyUpdate(model, msg);
      refreshVotesIfGone();
      if (before !== undefined && model.session && model.session.round !== before) {
        notices.announce(t('participant.newRound'));
      }
      if (model.removed && !wasRemoved) {
        notices.tellMoved();
        notices.announce('');
        notices.say(t('participant.removed'), true);
        topNext = true; // the banner is at the top: show it, wherever they were reading
      }
      model = follower.onUpdate(model);
      save();
      scheduleRender();
    },
    confirmed: (entry, _seq, ack) => {
      opts.extension?.settled(entry, null);
      model = applyConfirmed(model, entry.command, ack);
      roadmap?.confirmed(entry);
      save();
      scheduleRender();
    },
    rejected: (entry, code) => {
      if (opts.extension?.settled(entry, code)) {
        scheduleRender();
        return;
      }
      if (isRoadmapCommand(entry.command)) {
        roadmap?.rejected(entry, code);
        if (code === 'session_closed' && model.session) model = { ...model, session: { ...model.session, closed: true } };
        if (code === 'participant_removed') model = { ...model, removed: true };
        save();
        scheduleRender();
        return;
      }
      if (code === 'participant_removed') model = { ...model, removed: true };
      if (code === 'session_closed' && model.session) model = { ...model, session: { ...model.session, closed: true } };
      if (code === 'statement_closed' && model.session && 'statement' in entry.command) {
        const closed = entry.command.statement;
        model = { ...model, session: { ...model.session, open: model.session.open.filter((s) => s !== closed) } };
      }
      save();
      const n = 'statement' in entry.command ? entry.command.statement : 0;
      notices.announce(t('statement.rejected', { n: String(n), reason: errorReason(code) }));
      scheduleRender();
    },
  });
  onlyAnswers = () => connection.waiting().every((e) => e.command.type === 'answer');
  connection.attach({ role: 'participant', session_id: creds.session_id, token: creds.token }, model.seq);
  status.show(connection.view(), onlyAnswers());

  const offLanguage = onLanguageChange(() => {
    status.show(connection.view(), onlyAnswers());
    roadmap?.relabel();
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

  function scheduleRender(): void {
    if (disposed || frame) return;
    frame = window.requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  function render(): void {
    if (disposed) return;
    if (!catalogue) {
      replaceChildren(main, h('p', { class: 'loading' }, t('common.loading')));
      return;
    }
    const answers = effectiveAnswers(model, connection.waiting());
    // first, while its element is still on the page: it may move the focus inside it, which is then kept
    opts.extension?.update({
      model,
      answers,
      waiting: connection.waiting(),
      send: (command) => {
        const entry = connection.command(command);
        scheduleRender();
        return entry;
      },
      say: (text) => notices.say(text),
    });
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    if (nav.current === 0) nav.current = nextUnanswered(model, answers) ?? 1;
    const showRoadmap = !!roadmap && nav.view === 'statement' && !!model.session && !model.removed;
    if (showRoadmap) {
      roadmap.update({ statement: nav.current, model, outbox: connection.waiting(), answer: answers[nav.current]! });
      // someone typing a proposal keeps their field: the rest of the page catches up when they leave it
      if (roadmap.typing()) return;
    }

    nav.keepAddress();
    const body =
      nav.view === 'overview'
        ? overview(catalogue, answers, model, nav, opts.mode, opts.go)
        : statementCard(catalogue, answers, {
            model,
            nav,
            mode: opts.mode,
            choose: (statement, aspect, level) => {
              notices.announce('');
              connection.answer(statement, aspect, level);
              render(); // at once: the choice must show under the thumb
            },
            lowerAsk: (statement, answer) => lower.ask(statement, answer),
            pager: (allDone) => pager(nav, allDone, opts.mode, opts.go),
            roadmap: showRoadmap ? roadmap.element : null,
          });
    const top = pageTop(answers, { model, connView, mode: opts.mode, joinCode: creds!.join_code, store, status: status.element, notices });
    replaceChildren(main, top, opts.extension?.element ?? null, body, ownReport(answers));

    if (topNext) {
      topNext = false;
      window.scrollTo(0, 0);
    }
    if (nav.focusHeadingNext) {
      nav.focusHeadingNext = false;
      window.scrollTo(0, 0);
      const heading = main.querySelector('h1');
      heading?.setAttribute('tabindex', '-1');
      heading?.focus({ preventScroll: true });
    } else if (focusedKey) {
      main.querySelector<HTMLElement>(`[data-key="${focusedKey}"]`)?.focus({ preventScroll: true });
    }
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

  // leaving a roadmap text field lets the page catch up with what changed while typing
  roadmap?.element.addEventListener('focusout', (e) => {
    // only a text field: a button or box losing focus to a re-render must not cause another one
    if (e.target instanceof HTMLTextAreaElement || (e.target instanceof HTMLInputElement && e.target.type === 'text')) scheduleRender();
  });
  render();
  return () => {
    disposed = true;
    if (frame) window.cancelAnimationFrame(frame);
    offLanguage();
    dispose();
    notices.remove();
  };
}
