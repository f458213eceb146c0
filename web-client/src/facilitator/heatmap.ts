// The heat map of all 21 statements: one cell per statement, its background the consensus band (plain /
// dots / stripes, so colour is never the only cue) with the band in words, and the gap as a signed number
// and a bar. Cells are buttons that show the statement in the detail panel.
import { ARROWS, bt, direction } from '../baseline/logic';
import { h, replaceChildren } from '../lib/dom';
import { t } from '../lib/i18n';
import { heatCells } from './analysis';
import { fmt, fmtSigned, setAttr, setText } from './format';
import { currentRound } from './model';
import { statementTitle, type DashActions, type DashView, type Panel } from './view';

interface Cell {
  button: HTMLButtonElement;
  since: HTMLElement;
  title: HTMLElement;
  gap: HTMLElement;
  bar: HTMLElement;
  band: HTMLElement;
}

export function heatMap(actions: DashActions): Panel {
  const grid = h('div', { class: 'heat__grid', role: 'list' });
  const cells: Cell[] = [];
  for (let s = 1; s <= 21; s++) {
    const title = h('span', { class: 'heat__title' });
    const gap = h('span', { class: 'heat__gap' });
    const bar = h('span', { class: 'heat__bar' });
    const band = h('span', { class: 'heat__band' });
    // with a baseline: how "now" moved since then, as an arrow and a signed number
    const since = h('span', { class: 'heat__since', 'data-testid': 'heat-since' });
    since.hidden = true;
    const button = h(
      'button',
      { type: 'button', class: 'heat__cell', 'data-statement': s, onclick: () => actions.select(s, true) },
      h('span', { class: 'heat__num' }, h('span', { class: 'visually-hidden' }, `${t('dash.col.statement')} `), String(s)),
      title,
      // display: contents on the laptop (gap top right, band at the bottom); one row on the wall
      h(
        'span',
        { class: 'heat__foot' },
        h('span', { class: 'heat__gapbox' }, h('span', { class: 'visually-hidden' }, `${t('dash.gapShort')} `), gap),
        h('span', { class: 'heat__track', 'aria-hidden': 'true' }, bar),
        h('span', { class: 'heat__bandbox' }, h('span', { class: 'visually-hidden' }, `${t('dash.consensus')} `), band),
        since,
      ),
    );
    grid.append(h('div', { role: 'listitem', class: 'heat__item' }, button));
    cells.push({ button, since, title, gap, bar, band });
  }
  const sinceLegend = h('span', { class: 'heat__since-legend' });
  const element = h(
    'section',
    { class: 'card dash__heat', 'aria-labelledby': 'heat-title', 'data-testid': 'heatmap' },
    h('h2', { id: 'heat-title' }, t('dash.heat.title')),
    h('p', { class: 'hint heat__legend', id: 'heat-legend' }, t('dash.heat.legend'), sinceLegend),
    grid,
  );
  return {
    element,
    update(view: DashView) {
      const data = heatCells(currentRound(view.model));
      const sinceRows = view.baseline?.since?.statements ?? null;
      setText(sinceLegend, sinceRows ? ` ${bt('bl.since.legend')}` : '');
      data.forEach((d, i) => {
        const c = cells[i];
        if (!c) return;
        const title = statementTitle(view, d.statement);
        setText(c.title, title);
        setText(c.gap, fmtSigned(d.gap));
        c.bar.style.width = `${Math.round(d.gapShare * 100)}%`;
        setText(c.band, d.level === 'none' ? t('dash.band.none') : `${t(`dash.band.${d.level}`)} ${fmt(d.consensus, 2)}`);
        c.button.dataset.level = d.level;
        c.button.dataset.gap = d.gap === null ? '' : d.gap.toFixed(2);
        setAttr(c.button, 'aria-current', view.selected === d.statement ? 'true' : null);
        const x = sinceRows?.[i]?.current ?? null;
        c.since.hidden = x === null;
        if (x) {
          const dir = direction(x.change);
          c.since.dataset.dir = dir;
          c.since.dataset.change = x.change === null ? '' : x.change.toFixed(3);
          const shown = x.change === null ? '–' : `${ARROWS[dir]}${fmtSigned(x.change)}`;
          if (c.since.dataset.shown !== shown) {
            c.since.dataset.shown = shown;
            replaceChildren(
              c.since,
              h('span', { class: 'visually-hidden' }, `${bt('bl.since.cellLabel', { change: fmtSigned(x.change) })}`),
              h('span', { 'aria-hidden': 'true' }, shown),
            );
          }
        }
      });
    },
  };
}
