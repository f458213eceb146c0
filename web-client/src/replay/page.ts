// /replay/:session — a past (or running) session at any moment: a timeline bar over the log's sequence
// numbers with its markers, play / pause at 1× to 60×, scrubbing, "jump to when statement X reached
// consensus", and the facilitator dashboard's own statement detail and heat map showing the state at that
// moment (GET …/results?at=S). Exports download with the token as a header. Read-only: the dashboard's
// controls are not shown and its actions send nothing.
import '../facilitator/dashboard.css';
import './replay.css';
import { ApiError, fetchCatalogue, type Catalogue } from '../lib/api';
import { h, uid } from '../lib/dom';
import { tokenForm } from '../components/token-form';
import { language, plural, t, type StringKey } from '../lib/i18n';
import { applySnapshot, currentRound, emptyModel, type DashboardModel } from '../facilitator/model';
import { heatMap } from '../facilitator/heatmap';
import { statementDetail } from '../facilitator/statement-detail';
import { PendingControls } from '../facilitator/pending';
import { setText } from '../facilitator/format';
import type { DashActions, DashView, Panel } from '../facilitator/view';
import {
  downloadExport,
  EXPORTS,
  fetchEventTimes,
  fetchResultsAt,
  fetchTimeline,
  type Marker,
  type Reached,
  type ReplayResults,
  type Timeline,
} from './api';
import { reportButton } from './report-button';
import {
  advance,
  buildClock,
  debounce,
  placeMarkers,
  playTimeAt,
  resolveToken,
  reviewKey,
  seqAtPlayTime,
  SPEEDS,
  stripTokenFromFragment,
  timeAtSeq,
  type Clock,
  type Point,
} from './logic';

const formatTime = (ms: number | null | undefined): string =>
  ms == null
    ? '–'
    : new Intl.DateTimeFormat(language() === 'nl' ? 'nl-NL' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'medium',
      }).format(new Date(ms));

export function markerLabel(m: Pick<Marker, 'kind' | 'statement' | 'round'>): string {
  if ((m.kind === 'statement_opened' || m.kind === 'statement_closed') && typeof m.statement !== 'number') {
    return t(m.kind === 'statement_opened' ? 'replay.marker.statements_opened' : 'replay.marker.statements_closed');
  }
  const n = m.kind === 'round_started' ? (m.round ?? '') : (m.statement ?? '');
  return t(`replay.marker.${m.kind}` as StringKey, { n });
}

function reachedPoint(r: Reached): { seq: number; time_ms: number; aspect: string } | null {
  if (r.both) return { ...r.both, aspect: t('replay.consensus.both') };
  if (r.current) return { ...r.current, aspect: t('aspect.current.short') };
  if (r.desired) return { ...r.desired, aspect: t('aspect.desired.short') };
  return null;
}

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

function mountReplay(
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
  let clock: Clock = buildClock([tl.first, tl.last, ...tl.markers]);
  const params = new URLSearchParams(window.location.search);
  const wanted = Number(params.get('at'));
  let position = Number.isInteger(wanted) && wanted >= first && wanted <= last ? wanted : last;
  let playTime = playTimeAt(clock, position);
  let playing = false;
  let speed = 10;
  let frame = 0;
  let lastTick = 0;
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
  const moment = h('p', { class: 'replay__moment', 'data-testid': 'replay-moment' });
  const loading = h('span', { class: 'replay__loading', 'data-testid': 'replay-loading' });
  const rangeId = uid('replay-range');
  const hintId = uid('replay-hint');
  const range = h('input', {
    id: rangeId,
    type: 'range',
    class: 'replay__range',
    min: String(first),
    max: String(Math.max(last, first)),
    step: '1',
    value: String(position),
    'aria-describedby': hintId,
    'data-testid': 'replay-range',
  });
  const ticks = h('div', { class: 'replay__ticks', 'aria-hidden': 'true', 'data-testid': 'replay-ticks' });
  for (const group of placeMarkers(tl.markers, first, last)) {
    const kinds = [...new Set(group.markers.map((m) => m.kind))];
    ticks.append(
      h('span', {
        class: 'replay__tick',
        style: `left: ${group.percent}%`,
        'data-kind': kinds[0],
        title: group.markers.map(markerLabel).join(', '),
      }),
    );
  }
  const playButton = h('button', { type: 'button', class: 'btn btn--primary', 'aria-pressed': 'false', 'data-testid': 'replay-play', onclick: () => (playing ? pause() : play()) });
  const speedId = uid('replay-speed');
  const speedSelect = h(
    'select',
    { id: speedId, class: 'input replay__speed', 'data-testid': 'replay-speed', onchange: () => (speed = Number(speedSelect.value) || 1) },
    SPEEDS.map((s) => h('option', { value: String(s), selected: s === speed ? true : undefined }, `${s}×`)),
  );
  const toStart = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'replay-start', onclick: () => seek(first, true) }, t('replay.start'));
  const toEnd = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'replay-end', onclick: () => seek(last, true) }, t('replay.end'));

  const markerList = h(
    'ol',
    { class: 'replay__markers', 'data-testid': 'replay-markers' },
    tl.markers.map((m) =>
      h(
        'li',
        null,
        h(
          'button',
          { type: 'button', class: 'btn btn--ghost btn--small', 'data-seq': m.seq, 'data-kind': m.kind, onclick: () => seek(m.seq, true) },
          `${markerLabel(m)} · ${formatTime(m.time_ms)}`,
        ),
      ),
    ),
  );

  const consensusSection = consensusJump(tl.consensus_reached, catalogue, (seq, statement) => {
    selected = statement;
    seek(seq, true);
  });

  const exportStatus = h('p', { class: 'hint', role: 'status', 'data-testid': 'export-status' });
  const exportButtons = EXPORTS.map((name) =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn--secondary',
        'data-testid': `export-${name}`,
        onclick: async () => {
          exportStatus.textContent = t('replay.export.busy');
          try {
            await downloadExport(sessionId, token, name);
            exportStatus.textContent = t('replay.export.done', { name });
          } catch (err) {
            exportStatus.textContent = t('replay.export.failed', { message: err instanceof Error ? err.message : String(err) });
          }
        },
      },
      t(`replay.export.${name}` as StringKey),
    ),
  );

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
    h(
      'section',
      { class: 'card replay__bar', 'aria-labelledby': 'replay-tl-title' },
      h('h2', { id: 'replay-tl-title' }, t('replay.timeline')),
      h('label', { class: 'label', for: rangeId }, t('replay.position')),
      h('div', { class: 'replay__track' }, ticks, range),
      h('p', { class: 'hint', id: hintId }, t('replay.positionHint')),
      h('div', { class: 'replay__moment-line' }, moment, loading),
      h(
        'div',
        { class: 'replay__controls' },
        playButton,
        h('label', { class: 'label replay__speed-label', for: speedId }, t('replay.speed')),
        speedSelect,
        toStart,
        toEnd,
      ),
      h(
        'details',
        { class: 'replay__marker-list' },
        h('summary', null, t('replay.markers', { n: tl.markers.length })),
        markerList,
      ),
    ),
    h('div', { class: 'replay__side' }, consensusSection, h('section', { class: 'card', 'aria-labelledby': 'replay-export-title' }, h('h2', { id: 'replay-export-title' }, t('replay.exports.title')), h('p', { class: 'replay__exports' }, reportButton(sessionId, token, exportStatus), exportButtons), exportStatus)),
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
    const time = timeAtSeq(clock, position);
    range.value = String(position);
    range.setAttribute('aria-valuetext', t('replay.valuetext', { time: formatTime(time), seq: position }));
    const r = shown?.replay;
    setText(
      moment,
      t('replay.moment', {
        time: formatTime(r && shown?.seq === position ? r.time_ms : time),
        version: r && shown?.seq === position ? r.version : '…',
        count: data.event_count,
        seq: position,
      }),
    );
    root.dataset.seq = String(position);
  }

  function request(seq: number): void {
    wantSeq = seq;
    if (inflight && inflightSeq === seq) return;
    if (inflight && !playing) inflight.abort(); // a scrub: the old moment is stale
    if (inflight) return; // playing: the latest wanted moment follows when this one lands
    const controller = new AbortController();
    inflight = controller;
    inflightSeq = seq;
    setText(loading, t('replay.loadingMoment'));
    fetchResultsAt(sessionId, token, seq, controller.signal).then(
      (res) => {
        if (disposed || controller.signal.aborted) return;
        inflight = null;
        if (wantSeq === seq || playing) {
          shown = res;
          model = momentModel(res);
          root.dataset.shownSeq = String(seq);
          renderPanels();
          showMoment();
        }
        if (wantSeq !== null && wantSeq !== seq) request(wantSeq);
        else setText(loading, '');
      },
      (err: unknown) => {
        if (controller.signal.aborted || disposed) return;
        inflight = null;
        setText(loading, '');
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) onRefused();
        else setText(loading, t('replay.error', { message: err instanceof Error ? err.message : String(err) }));
      },
    );
    controller.signal.addEventListener('abort', () => {
      if (inflight === controller) inflight = null;
    });
  }

  const requestSoon = debounce((seq: number) => request(seq), 120);
  const writeUrl = debounce(() => {
    const p = new URLSearchParams(window.location.search);
    p.set('at', String(position));
    p.set('s', String(selected));
    history.replaceState(history.state, '', `${window.location.pathname}?${p}${window.location.hash}`);
  }, 300);

  function seek(seq: number, now: boolean): void {
    position = Math.min(last, Math.max(first, Math.round(seq)));
    playTime = playTimeAt(clock, position);
    showMoment();
    writeUrl();
    if (now) {
      requestSoon.cancel();
      request(position);
    } else requestSoon(position);
  }

  range.addEventListener('input', () => {
    if (playing) pause();
    seek(Number(range.value), false);
  });
  range.addEventListener('change', () => seek(Number(range.value), false));

  // --- playback ---------------------------------------------------------------------------------------
  function tick(now: number): void {
    frame = 0;
    if (!playing || disposed) return;
    const step = advance(clock, playTime, now - lastTick, speed);
    lastTick = now;
    playTime = step.time;
    const seq = seqAtPlayTime(clock, playTime);
    if (seq !== position) {
      position = seq;
      showMoment();
      request(seq);
    }
    if (step.ended) {
      position = last;
      showMoment();
      request(last);
      pause();
      return;
    }
    frame = requestAnimationFrame(tick);
  }
  function play(): void {
    if (position >= last) seek(first, true);
    playing = true;
    lastTick = performance.now();
    syncPlay();
    frame = requestAnimationFrame(tick);
  }
  function pause(): void {
    playing = false;
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    syncPlay();
    writeUrl();
  }
  function syncPlay(): void {
    setText(playButton, playing ? `❚❚ ${t('replay.pause')}` : `▶ ${t('replay.play')}`);
    playButton.setAttribute('aria-pressed', String(playing));
    root.dataset.playing = String(playing);
  }
  syncPlay();

  // event times for real-time playback (markers are enough until they arrive)
  const known: Point[] = [...clock.points];
  void fetchEventTimes(sessionId, token, (page) => {
    known.push(...page);
    clock = buildClock(known);
    playTime = playTimeAt(clock, position);
  }, events.signal).catch(() => {});

  showMoment();
  request(position);

  return () => {
    disposed = true;
    playing = false;
    if (frame) cancelAnimationFrame(frame);
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

function consensusJump(reached: Reached[], catalogue: Catalogue | null, go: (seq: number, statement: number) => void): HTMLElement {
  const section = h('section', { class: 'card', 'aria-labelledby': 'replay-consensus-title', 'data-testid': 'replay-consensus' }, h('h2', { id: 'replay-consensus-title' }, t('replay.consensus.title')));
  const options = reached
    .map((r) => ({ r, p: reachedPoint(r) }))
    .filter((x): x is { r: Reached; p: NonNullable<ReturnType<typeof reachedPoint>> } => x.p !== null)
    .sort((a, b) => a.p.seq - b.p.seq);
  if (options.length === 0) {
    section.append(h('p', { 'data-testid': 'replay-consensus-none' }, t('replay.consensus.none')));
    return section;
  }
  const id = uid('replay-consensus');
  const select = h(
    'select',
    { id, class: 'input', 'data-testid': 'replay-consensus-select' },
    options.map(({ r, p }) =>
      h(
        'option',
        { value: `${p.seq}:${r.statement}` },
        t('replay.consensus.option', {
          n: r.statement,
          title: catalogue?.statements.find((s) => s.id === r.statement)?.title ?? '',
          round: r.round,
          aspect: p.aspect,
          time: formatTime(p.time_ms),
        }),
      ),
    ),
  );
  section.append(
    h('label', { class: 'label', for: id }, t('replay.consensus.label')),
    select,
    h(
      'p',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--secondary',
          'data-testid': 'replay-consensus-jump',
          onclick: () => {
            const [seq, statement] = select.value.split(':').map(Number);
            if (seq !== undefined && statement !== undefined) go(seq, statement);
          },
        },
        t('replay.consensus.jump'),
      ),
    ),
  );
  return section;
}
