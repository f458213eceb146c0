// The timeline bar: a range over the log's sequence numbers with the markers as ticks above it, the line that
// says which moment is shown (and that the next one is loading), the playback controls, and the list of
// markers to jump to. It shows a position; the page decides which one.
import { setText } from '../facilitator/format';
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import type { ReplayResults, Timeline } from './api';
import { formatClock, formatTime, markerLabel, sameDay } from './format';
import { placeMarkers, timeAtSeq, type Clock } from './logic';

export interface TimelineBar {
  element: HTMLElement;
  range: HTMLInputElement;
  /** says a moment is being fetched, or why it failed */
  loading: HTMLElement;
  /** Puts the range at `position` and says which moment it is (the time and version once `shown` is it). */
  show(clock: Clock, position: number, shown: ReplayResults | null): void;
}

export function timelineBar(
  data: Timeline,
  initialPosition: number,
  onMarker: (seq: number) => void,
  controls: () => HTMLElement,
): TimelineBar {
  const tl = data.timeline;
  const first = tl.first.seq;
  const last = tl.last.seq;
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
    value: String(initialPosition),
    'aria-describedby': hintId,
    'data-testid': 'replay-range',
  });
  const ticks = h('div', { class: 'replay__ticks', 'aria-hidden': 'true', 'data-testid': 'replay-ticks' });
  for (const group of placeMarkers(tl.markers, first, last)) {
    const kinds = [...new Set(group.markers.map((m) => m.kind))];
    ticks.append(
      h('span', {
        class: 'replay__tick',
        style: { left: `${group.percent}%` },
        'data-kind': kinds[0],
        title: group.markers.map(markerLabel).join(', '),
      }),
    );
  }
  const controlRow = controls();

  // a workshop of one day: the list says the time, not the same date on every line
  const when = sameDay(tl.first.time_ms, tl.last.time_ms) ? formatClock : formatTime;
  const markerList = h(
    'ol',
    { class: 'replay__markers', 'data-testid': 'replay-markers' },
    tl.markers.map((m) =>
      h(
        'li',
        null,
        h(
          'button',
          { type: 'button', class: 'btn btn--ghost btn--small', 'data-seq': m.seq, 'data-kind': m.kind, onclick: () => onMarker(m.seq) },
          `${markerLabel(m)} · ${when(m.time_ms)}`,
        ),
      ),
    ),
  );

  const element = h(
    'section',
    { class: 'card replay__bar', 'aria-labelledby': 'replay-tl-title' },
    h('h2', { id: 'replay-tl-title' }, t('replay.timeline')),
    h('label', { class: 'label', for: rangeId }, t('replay.position')),
    h('div', { class: 'replay__track' }, ticks, range),
    h('p', { class: 'hint', id: hintId }, t('replay.positionHint')),
    h('div', { class: 'replay__moment-line' }, moment, loading),
    controlRow,
    h(
      'details',
      { class: 'replay__marker-list' },
      h('summary', null, t('replay.markers', { n: tl.markers.length })),
      markerList,
    ),
  );

  return {
    element,
    range,
    loading,
    show(clock, position, shown) {
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
    },
  };
}
