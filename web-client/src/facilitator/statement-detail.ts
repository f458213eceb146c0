// The selected statement: its text, the distributions of current and desired as Chart.js bar charts (each
// with a visually hidden table as its text alternative), mean, median, IQR, consensus in words, the gap,
// round 1 beside the current round, and the municipality's average. Its pacing controls sit in the header:
// open or close, focus (only this one open, and everyone there) and "everyone to statement N".
import { h } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import type { BarChartHandle } from './bar-chart';
import { controlButton } from './control-button';
import { consensusLevel, describeCounts, everyoneToCommands, focusCommands, gapOf, isFocused, roundFigures } from './analysis';
import { consensusText, fmt, fmtSigned, setAttr, setText } from './format';
import { answeredOf, currentRound, emptyStatements, type AspectKey, type Dist } from './model';
import { ARROWS, bt, direction, type Since } from '../baseline/logic';
import { levelName, statementTitle, type DashActions, type DashView, type Panel } from './view';

type ChartModule = typeof import('./bar-chart');

interface AspectBox {
  figure: HTMLElement;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  table: HTMLTableSectionElement;
  cells: { count: HTMLElement; level: HTMLElement }[];
  stats: Record<'mean' | 'median' | 'iqr' | 'consensus', HTMLElement>;
  chart: BarChartHandle | null;
}

function aspectBox(aspect: AspectKey): AspectBox {
  const canvas = h('canvas', { role: 'img', 'data-testid': `chart-${aspect}` });
  const caption = h('figcaption', { class: 'detail__caption' });
  const cells = Array.from({ length: 5 }, () => ({ level: h('th', { scope: 'row' }), count: h('td') }));
  const table = h('tbody', null, cells.map((c) => h('tr', null, c.level, c.count)));
  const dd = (key: string) => h('dd', { 'data-stat': key });
  const stats = { mean: dd('mean'), median: dd('median'), iqr: dd('iqr'), consensus: dd('consensus') };
  const figure = h(
    'figure',
    { class: `detail__aspect detail__aspect--${aspect}`, 'data-aspect': aspect },
    caption,
    h('div', { class: 'detail__chart' }, canvas),
    h(
      'table',
      { class: 'visually-hidden', 'data-testid': `table-${aspect}` },
      h('caption', null, t(aspect === 'current' ? 'aspect.current' : 'aspect.desired')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('dash.level')), h('th', { scope: 'col' }, t('dash.count')))),
      table,
    ),
    h(
      'dl',
      { class: 'detail__stats' },
      h('div', null, h('dt', null, t('dash.mean')), stats.mean),
      h('div', null, h('dt', null, t('dash.median')), stats.median),
      h('div', null, h('dt', null, t('dash.iqr')), stats.iqr),
      h('div', { class: 'detail__consensus' }, h('dt', { class: 'visually-hidden' }, t('dash.consensus')), stats.consensus),
    ),
  );
  return { figure, canvas, caption, table, cells, stats, chart: null };
}

/** "nu 2,1 → 2,8 ▲ +0,7": one aspect then → today with the change, its direction also as data-dir. */
function sincePart(el: HTMLElement, key: 'bl.since.lineNow' | 'bl.since.lineAmbition', x: Since): void {
  const dir = direction(x.change);
  el.dataset.dir = dir;
  el.dataset.change = x.change === null ? '' : x.change.toFixed(3);
  const change = x.change === null ? '' : ` ${ARROWS[dir]} ${fmtSigned(x.change)}`;
  setText(el, `${bt(key, { then: fmt(x.then), today: fmt(x.today) })}${change}`);
}

export function statementDetail(actions: DashActions, charts: Promise<ChartModule>): Panel {
  const eyebrow = h('p', { class: 'eyebrow', 'data-testid': 'detail-eyebrow' });
  const title = h('h2', { id: 'detail-title', class: 'detail__title', tabindex: '-1' });
  const text = h('p', { class: 'detail__text' });
  const state = h('span', { class: 'chip', 'data-testid': 'detail-state' });
  const answered = h('span', { class: 'chip chip--plain', 'data-testid': 'detail-answered' });
  const answeredSplit = h('span', { class: 'detail__split', 'data-testid': 'detail-answered-split' });
  const sent = h('p', { class: 'detail__sent dash__control', 'data-testid': 'focus-sent', role: 'status' });
  const gap = h('p', { class: 'detail__gap', 'data-testid': 'detail-gap' });
  const gapValue = h('strong', { class: 'detail__gap-value' });
  gap.append(h('span', null, t('dash.gap')), ' ', gapValue);
  // the change since the baseline (a re-assessment): now and ambition then → today, moving with the answers
  const since = h('p', { class: 'detail__since', 'data-testid': 'detail-since' });
  const sinceLabel = h('span', { class: 'detail__since-label' });
  const sinceNow = h('span', { class: 'detail__since-part', 'data-aspect': 'current' });
  const sinceWant = h('span', { class: 'detail__since-part', 'data-aspect': 'desired' });
  since.append(sinceLabel, ' ', sinceNow, ' ', sinceWant);
  since.hidden = true;
  const compare = h('ul', { class: 'detail__compare' });
  const muniLine = h('li', { 'data-testid': 'detail-municipality' });
  const roundLine = h('li', { 'data-testid': 'detail-round1' });
  compare.append(roundLine, muniLine);
  const boxes = { current: aspectBox('current'), desired: aspectBox('desired') };
  const levels = h('p', { class: 'detail__levels', 'data-testid': 'level-legend' });
  let view: DashView | null = null;
  let destroyed = false;

  const selected = () => view?.selected ?? 1;
  const prev = h('button', { type: 'button', class: 'btn btn--ghost btn--small', onclick: () => actions.select(Math.max(1, selected() - 1)) });
  const next = h('button', { type: 'button', class: 'btn btn--ghost btn--small', onclick: () => actions.select(Math.min(21, selected() + 1)) });
  const toggle = controlButton('btn--secondary btn--small', () => {
    const s = selected();
    const open = view?.model.session?.open.includes(s);
    actions.send(`${open ? 'close' : 'open'}:${s}`, [{ type: open ? 'close' : 'open', statement: s }]);
  }, 'detail-toggle');
  const focus = controlButton('btn--secondary btn--small', () => actions.send(`focus:${selected()}`, focusCommands(selected())), 'detail-focus');
  const everyone = controlButton(
    'btn--secondary btn--small',
    () => actions.send(`everyone:${selected()}`, everyoneToCommands(selected())),
    'everyone-to',
  );

  const element = h(
    'section',
    { class: 'card dash__detail', 'aria-labelledby': 'detail-title', 'data-testid': 'statement-detail' },
    h(
      'div',
      { class: 'detail__head' },
      h('div', { class: 'detail__heading' }, eyebrow, title),
      h('div', { class: 'detail__nav dash__control' }, prev, next, toggle.element, focus.element, everyone.element),
    ),
    text,
    h('div', { class: 'detail__row' }, h('p', { class: 'detail__chips' }, state, ' ', answered, ' ', answeredSplit), gap),
    since,
    sent,
    h('div', { class: 'detail__aspects' }, boxes.current.figure, boxes.desired.figure),
    levels,
    compare,
  );

  void charts.then((mod) => {
    if (destroyed) return;
    for (const aspect of ['current', 'desired'] as const) boxes[aspect].chart = mod.createBarChart(boxes[aspect].canvas, aspect);
    if (view) update(view);
  });

  function fillAspect(v: DashView, aspect: AspectKey, d: Dist, max: number): void {
    const box = boxes[aspect];
    const name = t(aspect === 'current' ? 'aspect.current' : 'aspect.desired');
    setText(box.caption, `${name} · ${plural('dash.answers', d.n)}`);
    box.cells.forEach((c, i) => {
      setText(c.level, levelName(v, i + 1));
      setText(c.count, String(d.counts[i] ?? 0));
    });
    setAttr(
      box.canvas,
      'aria-label',
      plural('dash.chartLabel', d.n, { aspect: name, counts: describeCounts(d, (l) => levelName(v, l)) }),
    );
    box.figure.dataset.n = String(d.n);
    box.figure.dataset.counts = d.counts.join(',');
    setText(box.stats.mean, fmt(d.mean));
    setText(box.stats.median, fmt(d.median));
    setText(box.stats.iqr, fmt(d.iqr));
    setText(box.stats.consensus, consensusText(d.consensus));
    box.stats.consensus.dataset.level = consensusLevel(d.consensus);
    box.chart?.setLarge(v.projector);
    box.chart?.set(d.counts, max);
  }

  function update(v: DashView): void {
    view = v;
    const s = v.selected;
    const st = v.catalogue?.statements.find((x) => x.id === s);
    const theme = v.catalogue?.themes.find((x) => x.id === st?.theme)?.name ?? '';
    setText(eyebrow, t('dash.statementOf', { n: s, theme }));
    setText(title, statementTitle(v, s));
    setText(text, st?.statement ?? '');
    element.dataset.statement = String(s);
    const session = v.model.session;
    const open = !!session?.open.includes(s) && !session.closed;
    setText(state, isFocused(session, s) ? t('dash.status.focused') : open ? t('dash.status.open') : t('dash.status.closed'));
    state.dataset.open = String(open);
    const round = currentRound(v.model);
    const sd = round?.statements[s - 1] ?? emptyStatements()[s - 1]!;
    // live: the server's presence counts against its count of active participants; a replay has only the
    // answers of that moment, so it shows those
    const a = v.model.presence.participants > 0 || !v.model.session ? answeredOf(v.model, s) : null;
    if (a) {
      setText(answered, t('dash.answered.ofLong', { n: a.n, m: a.m }));
      setText(answeredSplit, t('dash.answered.split', { current: a.current, desired: a.desired }));
      answered.dataset.complete = String(a.m > 0 && a.n >= a.m);
    } else {
      setText(answered, `${t('aspect.current.short')} ${sd.current.n} · ${t('aspect.desired.short')} ${sd.desired.n}`);
      setText(answeredSplit, '');
      delete answered.dataset.complete;
    }
    const focusTarget = session?.focus?.statement ?? null;
    setText(sent, focusTarget !== null ? t('dash.focus.sent', { n: focusTarget }) : '');
    sent.hidden = focusTarget === null;
    // one y scale for both charts, so current and desired compare at a glance
    const max = Math.max(...sd.current.counts, ...sd.desired.counts);
    fillAspect(v, 'current', sd.current, max);
    fillAspect(v, 'desired', sd.desired, max);
    setText(levels, `${t('dash.levels')}: ${Array.from({ length: 5 }, (_, i) => levelName(v, i + 1)).join(' · ')}`);
    setText(gapValue, fmtSigned(gapOf(sd)));
    const sinceRow = v.baseline?.since?.statements[s - 1] ?? null;
    since.hidden = sinceRow === null;
    if (sinceRow) {
      setText(sinceLabel, `${bt('bl.since.line')}:`);
      sincePart(sinceNow, 'bl.since.lineNow', sinceRow.current);
      sincePart(sinceWant, 'bl.since.lineAmbition', sinceRow.desired);
    }

    // round 1 beside the current round
    const rounds = v.model.rounds;
    roundLine.hidden = rounds.length < 2;
    if (rounds.length >= 2) {
      const f = roundFigures(rounds[0]!.statements[s - 1]);
      setText(
        roundLine,
        t('dash.rounds.line', { n: 1, current: fmt(f.current), desired: fmt(f.desired), consensus: consensusText(f.consensus) }),
      );
    }
    const avg = v.model.average?.statements[s - 1];
    const respondents = Math.max(avg?.current.respondents ?? 0, avg?.desired.respondents ?? 0);
    setText(
      muniLine,
      avg && respondents > 0
        ? plural('dash.muni.line', respondents, {
            name: v.municipalityName,
            current: fmt(avg.current.mean),
            desired: fmt(avg.desired.mean),
          })
        : t('dash.muni.none'),
    );

    setAttr(prev, 'aria-disabled', s <= 1 ? 'true' : null);
    setAttr(next, 'aria-disabled', s >= 21 ? 'true' : null);
    setText(prev, `‹ ${t('dash.prev')}`);
    setText(next, `${t('dash.next')} ›`);
    const closedSession = !!session?.closed;
    toggle.update({
      key: `${open ? 'close' : 'open'}:${s}`,
      label: open ? t('dash.closeLabel', { n: s }) : t('dash.openLabel', { n: s }),
      pending: v.pending,
      disabled: closedSession,
    });
    focus.update({
      key: `focus:${s}`,
      label: t('dash.focus'),
      ariaLabel: t('dash.focusLabel.follow', { n: s }),
      pending: v.pending,
      disabled: closedSession,
    });
    everyone.update({
      key: `everyone:${s}`,
      label: t('dash.everyoneTo', { n: s }),
      pending: v.pending,
      disabled: closedSession,
    });
  }

  return {
    element,
    update,
    destroy() {
      destroyed = true;
      boxes.current.chart?.destroy();
      boxes.desired.chart?.destroy();
    },
  };
}
