// Pacing, statement by statement: a table of the 21 statements with their state (open, closed, focused),
// how many of the participants answered it ("3 van 12", with now and desired beside), the gap, and buttons
// to show, open or close and focus each one (focus also takes every participant's screen there).
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { controlButton, type ControlButton } from './control-button';
import { focusCommands, gapOf, isFocused } from './analysis';
import { fmtSigned, setAttr, setText } from './format';
import { answeredOf, currentRound } from './model';
import { statementTitle, type DashActions, type DashView, type Panel } from './view';

interface Row {
  tr: HTMLTableRowElement;
  title: HTMLButtonElement;
  state: HTMLElement;
  answered: HTMLElement;
  answeredOf: HTMLElement;
  answeredSplit: HTMLElement;
  gap: HTMLElement;
  toggle: ControlButton;
  focus: ControlButton;
}

export function pacingTable(actions: DashActions): Panel {
  let view: DashView | null = null;
  const rows: Row[] = [];
  const tbody = h('tbody');
  for (let s = 1; s <= 21; s++) {
    const title = h('button', { type: 'button', class: 'linkish', onclick: () => actions.select(s, true) });
    const state = h('td', { class: 'pace__state' });
    const answeredOf = h('span', { class: 'pace__of', 'data-testid': `answered-${s}` });
    const answeredSplit = h('span', { class: 'pace__split', 'data-testid': `answered-split-${s}` });
    const answered = h('td', { class: 'num pace__answered' }, answeredOf, answeredSplit);
    const gap = h('td', { class: 'num' });
    const toggle = controlButton('btn--small btn--secondary', () => {
      const open = view?.model.session?.open.includes(s);
      actions.send(`${open ? 'close' : 'open'}:${s}`, [{ type: open ? 'close' : 'open', statement: s }]);
    }, `toggle-${s}`);
    const focus = controlButton('btn--small btn--ghost', () => actions.send(`focus:${s}`, focusCommands(s)), `focus-${s}`);
    const tr = h(
      'tr',
      { 'data-statement': s },
      h('th', { scope: 'row', class: 'pace__title' }, h('span', { class: 'pace__num' }, `${s}.`), ' ', title),
      state,
      answered,
      gap,
      h('td', { class: 'pace__actions' }, toggle.element, focus.element),
    );
    tbody.append(tr);
    rows.push({ tr, title, state, answered, answeredOf, answeredSplit, gap, toggle, focus });
  }
  const element = h(
    'section',
    { class: 'card dash__pacing dash__control', 'aria-labelledby': 'pacing-title' },
    h('h2', { id: 'pacing-title' }, t('dash.pacing.title')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'pace', 'data-testid': 'pacing' },
        h('caption', { class: 'visually-hidden' }, t('dash.pacing.title')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('dash.col.statement')),
            h('th', { scope: 'col' }, t('dash.col.state')),
            h('th', { scope: 'col', class: 'num' }, t('dash.col.answeredOf')),
            h('th', { scope: 'col', class: 'num' }, t('dash.gapShort')),
            h('th', { scope: 'col' }, t('dash.col.actions')),
          ),
        ),
        tbody,
      ),
    ),
  );
  return {
    element,
    update(v: DashView) {
      view = v;
      const session = v.model.session;
      const round = currentRound(v.model);
      const closedSession = !!session?.closed;
      rows.forEach((r, i) => {
        const s = i + 1;
        const open = !!session?.open.includes(s);
        const focused = isFocused(session, s);
        setText(r.title, statementTitle(v, s));
        setAttr(r.title, 'aria-label', `${t('dash.showLabel', { n: s })}: ${statementTitle(v, s)}`);
        setText(r.state, focused ? t('dash.status.focused') : open ? t('dash.status.open') : t('dash.status.closed'));
        r.tr.dataset.open = String(open);
        setAttr(r.tr, 'aria-current', v.selected === s ? 'true' : null);
        const a = answeredOf(v.model, s);
        setText(r.answeredOf, t('dash.answered.of', { n: a.n, m: a.m }));
        setText(r.answeredSplit, t('dash.answered.split', { current: a.current, desired: a.desired }));
        r.answered.dataset.complete = String(a.m > 0 && a.n >= a.m);
        const sd = round?.statements[i];
        setText(r.gap, sd ? fmtSigned(gapOf(sd)) : '–');
        r.toggle.update({
          key: `${open ? 'close' : 'open'}:${s}`,
          label: open ? t('dash.close') : t('dash.open'),
          ariaLabel: open ? t('dash.closeLabel', { n: s }) : t('dash.openLabel', { n: s }),
          pending: v.pending,
          disabled: closedSession,
        });
        r.focus.update({
          key: `focus:${s}`,
          label: t('dash.focus'),
          ariaLabel: t('dash.focusLabel.follow', { n: s }),
          pending: v.pending,
          disabled: closedSession,
        });
      });
    },
  };
}
