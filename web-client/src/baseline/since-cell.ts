// One "then → today" figure of the change since a baseline, as a table cell: "2,1 → 2,8 ▲ +0,7" with the
// whole sentence for screen readers. Shared by the dashboard's baseline panel and the solo result's
// comparison with an earlier self-assessment; its look travels with it (since.css).
import { fmt, fmtSigned } from '../facilitator/format';
import { h } from '../lib/dom';
import { ARROWS, bt, direction, type Since } from './logic';
import './since.css';

/** "2,1 → 2,8 ▲ +0,7", with the whole sentence for screen readers. */
export function sinceCell(s: Since, className = 'num bl-cell'): HTMLTableCellElement {
  const dir = direction(s.change);
  return h(
    'td',
    { class: className, 'data-dir': dir, 'data-then': s.then ?? '', 'data-today': s.today ?? '', 'data-change': s.change ?? '' },
    h(
      'span',
      { 'aria-hidden': 'true', class: 'bl-cell__fig' },
      h('span', { class: 'bl-then' }, fmt(s.then)),
      ' → ',
      h('strong', { class: 'bl-today' }, fmt(s.today)),
      ' ',
      h('span', { class: 'bl-delta', 'data-dir': dir }, s.change === null ? '' : `${ARROWS[dir]} ${fmtSigned(s.change)}`),
    ),
    h('span', { class: 'visually-hidden' }, bt('bl.since.cell', { then: fmt(s.then), today: fmt(s.today), change: fmtSigned(s.change) })),
  );
}
