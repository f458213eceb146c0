// The replay screen of one session, once its token is accepted: which moment is shown (from ?at= and ?s=,
// kept in the URL), fetching the state at that moment (GET …/results?at=S and, when the session had a
// roadmap dialogue, …/roadmap?at=S; one moment at a time) and the facilitator dashboard's statement detail
// and heat map and the roadmap panel showing it, read-only. It lays out the timeline bar, playback,
// consensus jump and exports, each from its own file.
import { ApiError, type Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import { applySnapshot, currentRound, emptyModel, type DashboardModel } from '../facilitator/model';
import { heatMap } from '../facilitator/heatmap';
import { statementDetail } from '../facilitator/statement-detail';
import { PendingControls } from '../facilitator/pending';
import { setText } from '../facilitator/format';
import type { DashActions, DashView, Panel } from '../facilitator/view';
import { fetchRoadmap, type RoadmapBody } from '../roadmap/api';
import { fetchEventTimes, fetchResultsAt, ROADMAP_MARKERS, type ReplayResults, type Timeline } from './api';
import { consensusJump } from './consensus-jump';
import { exportsPanel } from './exports-panel';
import { buildClock, debounce, playTimeAt, type Point } from './logic';
import { Playback, type Playhead } from './playback';
import { roadmapMoment } from './roadmap-moment';
import { timelineBar } from './timeline-bar';

export function mountReplay(
  main: HTMLElement,
  sessionId: string,
  token: string,
  data: Timeline,
  catalogue: Catalogue | null,
  onRefused: () => void,
): () => void {
  const tl = data.timeline;
  const first = tl.first.seq;
  const last = tl.last.seq;
  const clock = buildClock([tl.first, tl.last, ...tl.markers]);
  const params = new URLSearchParams(window.location.search);
  const wanted = Number(params.get('at'));
  const position = Number.isInteger(wanted) && wanted >= first && wanted <= last ? wanted : last;
  const head: Playhead = { clock, position, playTime: playTimeAt(clock, position) };
  let disposed = false;
  let model: DashboardModel = emptyModel;
  let selected = Number(params.get('s')) >= 1 && Number(params.get('s')) <= 21 ? Number(params.get('s')) : 1;
  let shown: ReplayResults | null = null;
  let inflight: AbortController | null = null;
  let inflightSeq: number | null = null;
  let wantSeq: number | null = null;
  const events = new AbortController();
  const pending = new PendingControls();

  const actions: DashActions = {
    send: () => {}, // read-only
    select(statement: number, focusDetail = false) {
      selected = Math.min(21, Math.max(1, statement));
      renderPanels();
      writeUrl();
      if (focusDetail) detail.element.querySelector<HTMLElement>('h2')?.focus();
    },
  };

  // --- layout ---------------------------------------------------------------------------------------
  const title = h('h1', { class: 'dash__h1', tabindex: '-1' }, t('replay.title'));
  const stateLine = h('p', { class: 'dash__sub', 'data-testid': 'replay-state' });
  const playback = new Playback({
    head,
    first,
    last,
    seek,
    moved: (seq) => {
      showMoment();
      request(seq);
    },
    playingChanged: (playing) => (root.dataset.playing = String(playing)),
    paused: () => writeUrl(),
  });
  const bar = timelineBar(data, head.position, (seq) => seek(seq, true), () => playback.controls());

  const consensusSection = consensusJump(tl.consensus_reached, catalogue, (seq, statement) => {
    selected = statement;
    seek(seq, true);
  });

  // a session whose log has no roadmap moment never had one: no panel, no requests for it
  const roadmap = tl.markers.some((m) => ROADMAP_MARKERS.includes(m.kind)) ? roadmapMoment(catalogue) : null;

  const detail = statementDetail(actions, import('../facilitator/bar-chart'));
  const heat = heatMap(actions);
  const panels: Panel[] = [detail, heat];
  const hasFacilitatorKey = (() => {
    try {
      return JSON.parse(localStorage.getItem(`scsa.facilitator.${sessionId}`) ?? 'null')?.token === token;
    } catch {
      return false;
    }
  })();

  const root = h(
    'div',
    { class: 'dash replay', 'data-testid': 'replay' },
    h(
      'header',
      { class: 'dash__header' },
      h('div', { class: 'dash__titles' }, title, stateLine),
      hasFacilitatorKey ? h('p', { class: 'dash__tools' }, h('a', { href: `/f/${encodeURIComponent(sessionId)}` }, t('replay.live'))) : null,
    ),
    bar.element,
    roadmap?.element ?? null,
    h('div', { class: 'replay__side' }, consensusSection, exportsPanel(sessionId, token)),
    h('div', { class: 'dash__main' }, detail.element, heat.element),
  );
  main.classList.add('main--dash');
  main.append(root);

  // --- state at a moment ------------------------------------------------------------------------------
  function renderPanels(): void {
    const view: DashView = {
      model,
      catalogue,
      selected,
      projector: false,
      pending,
      municipalityName: model.session?.municipality ?? '',
      joinUrl: '',
    };
    for (const p of panels) p.update(view);
    const s = model.session;
    if (s) {
      setText(title, `${t('replay.title')}: ${s.title}`);
      // the results give a count of active participants (the live snapshot gives a list)
      const raw = shown?.participants;
      const active = typeof raw === 'number' ? raw : model.participants.filter((p) => !p.removed).length;
      setText(
        stateLine,
        [plural('replay.state', active, { round: t('dash.round', { n: s.round }), revealed: s.revealed ? t('dash.state.revealed') : t('dash.state.hidden') }), s.closed ? t('dash.state.closed') : null]
          .filter(Boolean)
          .join(' · '),
      );
    }
  }

  function showMoment(): void {
    bar.show(head.clock, head.position, shown);
    root.dataset.seq = String(head.position);
  }

  function request(seq: number): void {
    wantSeq = seq;
    if (inflight && inflightSeq === seq) return;
    if (inflight && !playback.playing) inflight.abort(); // a scrub: the old moment is stale
    if (inflight) return; // playing: the latest wanted moment follows when this one lands
    const controller = new AbortController();
    inflight = controller;
    inflightSeq = seq;
    setText(bar.loading, t('replay.loadingMoment'));
    // the roadmap of the same moment alongside; its failure (other than the key) leaves the results shown
    const roadmapAt = roadmap
      ? fetchRoadmap(sessionId, token, { seq, signal: controller.signal }).catch((err: unknown) => {
          if (controller.signal.aborted || (err instanceof ApiError && (err.status === 401 || err.status === 403))) throw err;
          return err instanceof Error ? err : new Error(String(err));
        })
      : Promise.resolve(null);
    Promise.all([fetchResultsAt(sessionId, token, seq, controller.signal), roadmapAt]).then(
      ([res, rm]: [ReplayResults, RoadmapBody | Error | null]) => {
        if (disposed || controller.signal.aborted) return;
        inflight = null;
        if (wantSeq === seq || playback.playing) {
          shown = res;
          model = momentModel(res);
          root.dataset.shownSeq = String(seq);
          renderPanels();
          if (rm instanceof Error) roadmap?.failed(rm.message);
          else if (rm) roadmap?.show(rm);
          showMoment();
        }
        if (wantSeq !== null && wantSeq !== seq) request(wantSeq);
        else setText(bar.loading, '');
      },
      (err: unknown) => {
        if (controller.signal.aborted || disposed) return;
        inflight = null;
        setText(bar.loading, '');
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) onRefused();
        else setText(bar.loading, t('replay.error', { message: err instanceof Error ? err.message : String(err) }));
      },
    );
    controller.signal.addEventListener('abort', () => {
      if (inflight === controller) inflight = null;
    });
  }

  const requestSoon = debounce((seq: number) => request(seq), 120);
  const writeUrl = debounce(() => {
    const p = new URLSearchParams(window.location.search);
    p.set('at', String(head.position));
    p.set('s', String(selected));
    history.replaceState(history.state, '', `${window.location.pathname}?${p}${window.location.hash}`);
  }, 300);

  function seek(seq: number, now: boolean): void {
    head.position = Math.min(last, Math.max(first, Math.round(seq)));
    head.playTime = playTimeAt(head.clock, head.position);
    showMoment();
    writeUrl();
    if (now) {
      requestSoon.cancel();
      request(head.position);
    } else requestSoon(head.position);
  }

  const range = bar.range;
  range.addEventListener('input', () => {
    if (playback.playing) playback.pause();
    seek(Number(range.value), false);
  });
  range.addEventListener('change', () => seek(Number(range.value), false));
  playback.sync();

  // event times for real-time playback (markers are enough until they arrive)
  const known: Point[] = [...head.clock.points];
  void fetchEventTimes(sessionId, token, (page) => {
    known.push(...page);
    head.clock = buildClock(known);
    head.playTime = playTimeAt(head.clock, head.position);
  }, events.signal).catch(() => {});

  showMoment();
  request(head.position);

  return () => {
    disposed = true;
    playback.dispose();
    requestSoon.cancel();
    writeUrl.cancel();
    inflight?.abort();
    events.abort();
    main.classList.remove('main--dash');
    for (const p of panels) p.destroy?.();
  };
}

/**
 * The dashboard's model of a moment: the results as a snapshot, with presence as the live dashboard gets it
 * (the results count the active participants; who answered what comes from the current round's counts), so
 * the statement detail reads "N van M beantwoord" here too.
 */
function momentModel(res: ReplayResults): DashboardModel {
  const model = applySnapshot(emptyModel, res);
  const round = currentRound(model);
  const participants = typeof res.participants === 'number' ? res.participants : model.participants.filter((p) => !p.removed).length;
  return {
    ...model,
    presence: {
      participants,
      connected: 0,
      answered: (round?.statements ?? []).map((st) => ({ current: st.current.n, desired: st.desired.n })),
    },
  };
}
