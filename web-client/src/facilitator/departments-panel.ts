// Departments compared, live, as the workshop report compares them: per department (only those with at
// least k participants who answered, k from the server) its number of participants and per theme the mean
// now → desired, with a line saying that smaller departments are not shown (k-anonymity: a department of two
// would show two people's answers). The server sends `departments` with the snapshot and with every update in
// which answers or participants changed; the table is rebuilt only when what it says changed.
import { h, replaceChildren } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import { fmt, fmtSigned } from './format';
import type { DepartmentRow } from './model';
import type { DashView, Panel } from './view';

function meansCell(current: number | null, desired: number | null, gap: number | null, className = 'num dept__cell'): HTMLTableCellElement {
  if (current === null && desired === null) return h('td', { class: className }, '–');
  return h(
    'td',
    { class: className, 'data-current': current === null ? '' : current.toFixed(2), 'data-desired': desired === null ? '' : desired.toFixed(2) },
    h('span', { 'aria-hidden': 'true' }, h('span', { class: 'dept__now' }, fmt(current)), ' → ', h('strong', { class: 'dept__want' }, fmt(desired))),
    h('span', { class: 'visually-hidden' }, t('dash.dept.cell', { current: fmt(current), desired: fmt(desired) })),
    gap === null ? null : h('span', { class: 'dept__gap' }, `${t('dash.gapShort')} ${fmtSigned(gap)}`),
  );
}

export function departmentsPanel(): Panel {
  const note = h('p', { class: 'hint dept__note', 'data-testid': 'departments-note' });
  const none = h('p', { class: 'dept__none', 'data-testid': 'departments-none' });
  const head = h('tr');
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'dept', 'data-testid': 'departments' },
    h('caption', { class: 'visually-hidden' }, t('dash.dept.title')),
    h('thead', null, head),
    body,
  );
  const wrap = h('div', { class: 'table-wrap' }, table);
  const element = h(
    'section',
    { class: 'card dash__departments dash__control', 'aria-labelledby': 'departments-title', 'data-testid': 'departments-panel' },
    h('h2', { id: 'departments-title' }, t('dash.dept.title')),
    h('p', { class: 'hint' }, t('dash.dept.intro')),
    none,
    wrap,
    note,
  );
  element.hidden = true;
  let signature = '';

  return {
    element,
    update(view: DashView) {
      const d = view.model.departments;
      // an older server sends no departments: nothing to show
      element.hidden = d === null;
      if (!d) return;
      const themeIds = view.catalogue?.themes.map((x) => x.id) ?? [...new Set(d.rows.flatMap((r) => r.themes.map((x) => x.theme)))];
      const themeName = (id: string) => view.catalogue?.themes.find((x) => x.id === id)?.name ?? id;
      const sig = JSON.stringify([d, themeIds, view.catalogue?.language]);
      if (sig === signature) return;
      signature = sig;
      note.textContent = plural('dash.dept.hidden', d.minRespondents);
      none.textContent = plural('dash.dept.none', d.minRespondents);
      none.hidden = d.rows.length > 0;
      // the threshold said once: by "no department with at least k yet", or below the table
      note.hidden = d.rows.length === 0;
      wrap.hidden = d.rows.length === 0;
      replaceChildren(head, [
        h('th', { scope: 'col' }, t('dash.dept.department')),
        h('th', { scope: 'col', class: 'num' }, t('dash.dept.participants')),
        h('th', { scope: 'col', class: 'num' }, t('dash.dept.all')),
        ...themeIds.map((id) => h('th', { scope: 'col', class: 'num', 'data-theme': id }, themeName(id))),
      ]);
      replaceChildren(
        body,
        d.rows.map((row: DepartmentRow) => {
          const byTheme = new Map(row.themes.map((x) => [x.theme, x]));
          const gap = row.current !== null && row.desired !== null ? row.desired - row.current : null;
          return h(
            'tr',
            { 'data-department': row.department },
            h('th', { scope: 'row', class: 'dept__name' }, row.department),
            h('td', { class: 'num', 'data-testid': 'department-participants' }, String(row.participants)),
            meansCell(row.current, row.desired, gap, 'num dept__cell dept__cell--all'),
            ...themeIds.map((id) => {
              const x = byTheme.get(id);
              const cell = meansCell(x?.current ?? null, x?.desired ?? null, x?.gap ?? null);
              cell.dataset.theme = id;
              return cell;
            }),
          );
        }),
      );
    },
  };
}
