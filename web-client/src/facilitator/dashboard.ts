// The facilitator dashboard: binds the facilitator connection, folds snapshot, update and
// municipality_average frames into the model, and patches every panel once per animation frame. Holds the
// selected statement and projector mode (both also in the URL, so a reload or language switch keeps them).
import './dashboard.css';
import { fetchCatalogue, searchMunicipalities, type Catalogue } from '../lib/api';
import { browserConnection } from '../lib/browser-connection';
import { h } from '../lib/dom';
import { language, plural, t } from '../lib/i18n';
import type { OutboxCommand } from '../lib/outbox';
import { browserStore } from '../lib/storage';
import { connectionStatus } from '../components/connection-status';
import { defaultStatement, projectorScene, workshopUnderway } from './analysis';
import { municipalityPanel, roundsPanel } from './comparison-panels';
import { controlsPanel } from './controls-panel';
import { departmentsPanel } from './departments-panel';
import { setAttr, setText } from './format';
import { heatMap } from './heatmap';
import { joinPanel, joinUrlFor } from './join-panel';
import { applyAverage, applySnapshot, applyUpdate, emptyModel, type DashboardModel } from './model';
import { pacingTable } from './pacing-table';
import { controlKey, PendingControls } from './pending';
import { presencePanel } from './presence-panel';
import { rankingPanel } from './ranking';
import { roadmapPanel } from './roadmap-panel';
import { statementDetail } from './statement-detail';
import { reviewTools } from '../replay/review-tools';
import { bt } from '../baseline/logic';
import { BaselineSource } from './baseline-source';
import { baselinePanel } from './baseline-panel';
import { learnFromPanel } from './learn-from-panel';
import type { DashActions, DashView, Panel, Wall } from './view';

export interface DashboardOptions {
  sessionId: string;
  token: string;
  joinCode: string;
  title?: string;
  municipality?: string;
  /** an element shown above the dashboard (the one-time token notice) */
  notice?: HTMLElement | null;
  /** the server refused the key */
  onInvalidToken: () => void;
  /** the join code was not known here (key pasted on another device) and came with the snapshot */
  onJoinCode: (code: string) => void;
}

function readUrlState(): { selected: number | null; projector: boolean; wall: Wall } {
  const params = new URLSearchParams(window.location.search);
  const s = Number(params.get('s'));
  return {
    selected: Number.isInteger(s) && s >= 1 && s <= 21 ? s : null,
    projector: params.get('projector') === '1',
    wall: params.get('wall') === 'roadmap' ? 'roadmap' : params.get('wall') === 'baseline' ? 'baseline' : 'results',
  };
}

/**
 * `s` only once a statement was chosen or the workshop is under way: an `s` in the address counts as chosen,
 * so a reload (or a language switch) of the wall at the start keeps the join scene.
 */
function writeUrlState(selected: number | null, projector: boolean, wall: Wall = 'results'): void {
  const params = new URLSearchParams(window.location.search);
  if (selected === null) params.delete('s');
  else params.set('s', String(selected));
  if (projector) params.set('projector', '1');
  else params.delete('projector');
  if (wall !== 'results') params.set('wall', wall);
  else params.delete('wall');
  const next = `${window.location.pathname}?${params}`;
  if (next !== window.location.pathname + window.location.search) history.replaceState(null, '', next);
}

export function mountDashboard(main: HTMLElement, opts: DashboardOptions): () => void {
  const store = browserStore();
  const pending = new PendingControls();
  const url = readUrlState();
  let model: DashboardModel = emptyModel;
  let catalogue: Catalogue | null = null;
  let selected = url.selected ?? 1;
  let selectedByUser = url.selected !== null;
  let projector = url.projector;
  /** what the wall shows in projector mode: the results or the roadmap */
  let wall = url.wall;
  /** the wall showed the results once: it stays there (removing someone must not bring the join scene back) */
  let resultsShown = false;
  let municipalityName = '';
  let frame = 0;
  let disposed = false;
  let focusDetail = false;
  const joinUrl = joinUrlFor(window.location.origin, opts.joinCode);
  const charts = import('./bar-chart');
  // the re-assessment: which earlier session, its figures (then) and actions; today comes from the model
  const baseline = new BaselineSource(opts.sessionId, opts.token, () => schedule());

  const status = connectionStatus();
  const { connection, dispose } = browserConnection(store, {
    state: (v) => {
      status.show(v);
      if (v.status === 'ended' && (v.endedBy === 'invalid_token' || v.endedBy === 'session_not_found')) opts.onInvalidToken();
    },
    snapshot: (msg) => {
      if (msg.role !== 'facilitator') return;
      const before = model.session;
      model = applySnapshot(model, msg);
      if (!before && !selectedByUser) selected = defaultStatement(model.session);
      loadMunicipalityName(model.session?.municipality);
      const code = model.session?.join_code;
      if (!opts.joinCode && code) queueMicrotask(() => opts.onJoinCode(code));
      schedule();
    },
    update: (msg) => {
      const beforeOpen = model.session?.open.join(',');
      const beforeSent = model.session?.focus?.number;
      model = applyUpdate(model, msg);
      followFocus(beforeOpen, beforeSent);
      schedule();
    },
    other: (msg) => {
      if (msg.type === 'municipality_average') {
        model = applyAverage(model, msg as unknown as Record<string, unknown>);
        schedule();
      }
    },
    confirmed: (entry) => {
      if (pending.confirm(entry.id) !== null) schedule();
    },
    rejected: (entry, code, message) => {
      if (pending.reject(entry.id, code, message) !== null) schedule();
    },
  });

  /**
   * When the facilitator (here or on another screen, such as the laptop beside the projector) focuses one
   * statement or sends everyone to one, show it.
   */
  function followFocus(beforeOpen: string | undefined, beforeSent: number | undefined): void {
    const open = model.session?.open ?? [];
    const sent = model.session?.focus;
    if (sent && sent.number !== beforeSent && sent.statement >= 1 && sent.statement <= 21) selected = sent.statement;
    else if (open.join(',') !== beforeOpen && open.length === 1 && open[0] !== undefined) selected = open[0];
  }

  const actions: DashActions = {
    send(key: string, commands: OutboxCommand[]) {
      const ids = commands.map((c) => connection.command(c).id);
      pending.start(key, ids);
      schedule();
    },
    setWall(next) {
      wall = next;
      // the roadmap or the baseline goes on the wall at once; back to the results keeps projector mode as it was
      if (next !== 'results') setProjector(true);
      else render();
    },
    select(statement: number, moveFocus = false) {
      selected = Math.min(21, Math.max(1, statement));
      selectedByUser = true;
      focusDetail = moveFocus;
      schedule();
    },
  };

  // --- layout --------------------------------------------------------------------------------------
  const title = h('h1', { class: 'dash__h1', tabindex: '-1' }, opts.title ?? t('dash.title'));
  const sub = h('p', { class: 'dash__sub', 'data-testid': 'dash-sub' });
  const roundBadge = h('span', { class: 'badge badge--round', 'data-testid': 'round' });
  const revealBadge = h('span', { class: 'badge', 'data-testid': 'revealed-state' });
  const shortJoin = h('p', { class: 'dash__shortjoin', 'data-testid': 'short-join' });
  const wallCount = h('p', { class: 'dash__wallcount', 'data-testid': 'wall-count' });
  const projectorButton = h('button', {
    type: 'button',
    class: 'btn btn--secondary dash__projector-toggle',
    'aria-keyshortcuts': 'P',
    'data-testid': 'projector-toggle',
    onclick: () => setProjector(!projector),
  });
  // The roadmap panel sits below every results panel (thousands of pixels down on a laptop): one click there.
  const jumpToRoadmap = h('button', {
    type: 'button',
    class: 'btn btn--secondary btn--small dash__control',
    'data-testid': 'jump-roadmap',
    onclick: () => {
      panels.roadmap.element.scrollIntoView({ block: 'start' });
      panels.roadmap.element.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    },
  });
  // ... and the baseline's panel, below the statement and the heat map
  const jumpToBaseline = h('button', {
    type: 'button',
    class: 'btn btn--secondary btn--small dash__control',
    'data-testid': 'jump-baseline',
    onclick: () => {
      panels.baseline.element.scrollIntoView({ block: 'start' });
      panels.baseline.element.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    },
  });
  const header = h(
    'header',
    { class: 'dash__header' },
    h('div', { class: 'dash__titles' }, title, sub, h('p', { class: 'dash__badges' }, roundBadge, ' ', revealBadge)),
    h('div', { class: 'dash__walljoin-line' }, shortJoin, wallCount),
    h('div', { class: 'dash__tools' }, status.element, h('p', { class: 'dash__jumps' }, projectorButton, jumpToBaseline, jumpToRoadmap), h('p', { class: 'hint dash__hint dash__control' }, t('dash.projector.hint')), reviewTools(opts.sessionId, opts.token)),
  );

  const wallJoin = joinPanel(opts.joinCode, joinUrl, 'wall');
  const panels = {
    join: joinPanel(opts.joinCode, joinUrl, 'card'),
    presence: presencePanel(actions),
    controls: controlsPanel(actions),
    detail: statementDetail(actions, charts),
    ranking: rankingPanel(actions),
    heat: heatMap(actions),
    pacing: pacingTable(actions),
    departments: departmentsPanel(),
    rounds: roundsPanel(),
    muni: municipalityPanel(),
    roadmap: roadmapPanel(actions),
    baseline: baselinePanel(actions, { sessionId: opts.sessionId, token: opts.token, municipality: opts.municipality ?? '' }),
    learn: learnFromPanel(opts.sessionId, opts.token),
  } satisfies Record<string, Panel>;
  wallJoin.element.classList.add('dash__walljoin');
  panels.join.element.classList.add('card', 'dash__join', 'dash__control');
  panels.presence.element.classList.add('dash__control');
  panels.ranking.element.classList.add('dash__control');
  panels.rounds.element.classList.add('dash__control');
  panels.muni.element.classList.add('dash__control');

  const root = h(
    'div',
    { class: 'dash', 'data-testid': 'dashboard' },
    header,
    opts.notice ?? null,
    wallJoin.element,
    h(
      'div',
      { class: 'dash__grid' },
      h('div', { class: 'dash__top' }, panels.join.element, panels.presence.element, panels.controls.element),
      h('div', { class: 'dash__main' }, panels.detail.element, panels.heat.element),
      h('div', { class: 'dash__since' }, panels.baseline.element),
      // where the discussion should go, and whom to learn from there: both about the largest gaps
      h('div', { class: 'dash__lower' }, panels.pacing.element, h('div', { class: 'dash__gaps' }, panels.ranking.element, panels.learn.element)),
      panels.roadmap.element,
      panels.departments.element,
      panels.rounds.element,
      panels.muni.element,
    ),
  );
  main.classList.add('main--dash');
  main.append(root);

  // --- rendering -----------------------------------------------------------------------------------
  function schedule(): void {
    if (disposed || frame) return;
    frame = window.requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  function render(): void {
    const s = model.session;
    writeUrlState(selectedByUser || workshopUnderway(model) ? selected : null, projector, wall);
    document.body.classList.toggle('projector', projector);
    root.dataset.projector = String(projector);
    const scene = projectorScene(model, { statementChosen: selectedByUser, resultsShown });
    if (s && scene === 'results') resultsShown = true;
    baseline.sync(model);
    const since = baseline.view(model, catalogue);
    // the baseline's wall needs a baseline; without one (removed meanwhile) the wall shows the results
    const shownWall: Wall = wall === 'baseline' && !since.info ? 'results' : wall;
    root.dataset.scene = projector ? (shownWall === 'results' ? scene : shownWall) : 'dashboard';
    root.dataset.wall = shownWall;
    root.dataset.baseline = since.info ? 'true' : 'false';
    if (s) {
      setText(title, s.title);
      setText(sub, [municipalityName || s.municipality, s.closed ? t('dash.state.closed') : null].filter(Boolean).join(' · '));
      setText(roundBadge, t('dash.round', { n: s.round }));
      setText(revealBadge, s.revealed ? t('dash.state.revealed') : t('dash.state.hidden'));
      revealBadge.dataset.revealed = String(s.revealed);
    }
    setText(shortJoin, t('dash.join.short', { url: joinUrl.replace(/^https?:\/\//, '').replace(/\/[^/]*$/, ''), code: opts.joinCode }));
    setText(wallCount, plural('dash.projector.joined', model.presence.participants));
    setText(projectorButton, projector ? t('dash.projector.off') : t('dash.projector.on'));
    setText(jumpToRoadmap, t('dash.jump.roadmap'));
    setText(jumpToBaseline, since.chosen ? bt('bl.since.title') : bt('bl.choose.title'));
    setAttr(projectorButton, 'aria-pressed', String(projector));
    const view: DashView = {
      model,
      catalogue,
      selected,
      projector,
      pending,
      municipalityName: municipalityName || (s?.municipality ?? ''),
      joinUrl,
      wall: shownWall,
      baseline: since,
    };
    wallJoin.update(view);
    for (const panel of Object.values(panels)) panel.update(view);
    if (focusDetail) {
      focusDetail = false;
      const heading = panels.detail.element.querySelector<HTMLElement>('h2');
      panels.detail.element.scrollIntoView({ block: 'nearest' });
      heading?.focus({ preventScroll: true });
    }
  }

  function setProjector(on: boolean): void {
    projector = on;
    render();
    projectorButton.focus();
  }

  // --- keyboard: P toggles projector mode, Escape leaves it, arrows page through statements in it ---
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.closest('input, textarea, select, [contenteditable=true]') !== null)) return;
    if (e.key === 'p' || e.key === 'P') {
      e.preventDefault();
      setProjector(!projector);
    } else if (e.key === 'Escape' && projector) {
      setProjector(false);
    } else if (projector && (e.key === 'ArrowRight' || e.key === 'PageDown')) {
      e.preventDefault();
      actions.select(selected + 1);
    } else if (projector && (e.key === 'ArrowLeft' || e.key === 'PageUp')) {
      e.preventDefault();
      actions.select(selected - 1);
    }
  };
  document.addEventListener('keydown', onKey);

  // --- data that is not live: catalogue and the municipality's name --------------------------------
  void fetchCatalogue(language()).then(
    (c) => {
      catalogue = c;
      schedule();
    },
    () => {},
  );
  let nameFor = '';
  function loadMunicipalityName(code: string | undefined): void {
    if (!code || code === nameFor) return;
    nameFor = code;
    void searchMunicipalities(code, 5).then(
      (found) => {
        municipalityName = found.find((m) => m.code === code)?.name ?? code;
        schedule();
      },
      () => {},
    );
  }
  loadMunicipalityName(opts.municipality);

  connection.attach({ role: 'facilitator', session_id: opts.sessionId, token: opts.token });
  // commands left in the outbox by an earlier visit are resent; show them as pending too
  for (const entry of connection.waiting()) pending.start(controlKey(entry.command), [entry.id]);
  status.show(connection.view());
  render();

  return () => {
    disposed = true;
    if (frame) window.cancelAnimationFrame(frame);
    document.removeEventListener('keydown', onKey);
    document.body.classList.remove('projector');
    main.classList.remove('main--dash');
    for (const panel of Object.values(panels)) (panel as Panel).destroy?.();
    baseline.dispose();
    dispose();
  };
}
