// /trend/:code — how a municipality developed over the years (GET /api/municipalities/{code}/trend): every
// workshop with at least k participants and per year the solo respondents together, as a line chart of the
// mean now and ambition (workshops and solo groups as series of their own) with the same figures in a table
// per assessment and per theme. It needs the operator token or the facilitator key of a session of that
// municipality: one this tab was given (the dashboard's link hands over its own), the desk's operator token of
// this tab, a facilitator key this browser keeps for the municipality, or else a form asks (kept in
// sessionStorage, this tab only). Loaded on demand, like the replay page.
import '../facilitator/dashboard.css';
import './trend.css';
import { fetchTrend } from '../baseline/api';
import {
  bplural,
  bt,
  changeOf,
  formatDay,
  trendBackKey,
  trendChanges,
  trendKey,
  trendSeries,
  trendToken,
  type Trend,
  type TrendPoint,
} from '../baseline/logic';
import type { BaselineKey } from '../baseline/strings';
import { tokenForm } from '../components/token-form';
import { fmt, fmtSigned } from '../facilitator/format';
import { ApiError, fetchCatalogue, type Catalogue } from '../lib/api';
import { h, uid } from '../lib/dom';
import { language, t } from '../lib/i18n';
import { keys } from '../lib/storage';

/** What a point is called: the workshop's title, or "Zelfevaluaties 2025". */
function pointName(p: TrendPoint): string {
  return p.kind === 'solo' ? bt('trend.soloTitle', { year: p.year ?? (p.date ?? '').slice(0, 4) }) : (p.title ?? bt('trend.kind.workshop'));
}

/**
 * When a point was: a workshop's day; for the solo respondents of a year together, the year (their first
 * day would read as if the whole group answered then, and out of order beside that year's workshops).
 */
function pointDate(p: TrendPoint): string {
  return p.kind === 'solo' ? String(p.year ?? (p.date ?? '').slice(0, 4)) : formatDay(p.date);
}

/** At most `max` characters, with an ellipsis: the chart's axis has little room. */
const shorten = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

function pointsTable(trend: Trend): HTMLElement {
  const changes = trendChanges(trend.points);
  const th = (text: string, cls = 'num') => h('th', { scope: 'col', class: cls }, text);
  return h(
    'div',
    // a table wider than a phone scrolls in its own region, which the keyboard can reach
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': bt('trend.table.points') },
    h(
      'table',
      { class: 'scores trend__table trend__table--points', 'data-testid': 'trend-points' },
      h('caption', { class: 'visually-hidden' }, bt('trend.table.points')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          th(bt('trend.col.date'), ''),
          th(bt('trend.col.what'), ''),
          th(bt('trend.col.respondents')),
          th(bt('trend.col.now')),
          th(bt('trend.col.ambition')),
          th(bt('trend.col.gap')),
          th(bt('trend.col.change')),
        ),
      ),
      h(
        'tbody',
        null,
        trend.points.map((p, i) =>
          h(
            'tr',
            { 'data-kind': p.kind, 'data-session': p.sessionId ?? '' },
            h('td', { class: 'txt trend__date', 'data-label': bt('trend.col.date') }, pointDate(p)),
            h(
              'th',
              { scope: 'row' },
              h('span', { class: 'trend__kind', 'data-kind': p.kind }, p.kind === 'solo' ? bt('trend.kind.solo') : bt('trend.kind.workshop')),
              ' ',
              pointName(p),
            ),
            h('td', { 'data-label': bt('trend.col.respondents') }, String(p.respondents)),
            h('td', { 'data-aspect': 'current', 'data-label': bt('trend.col.now') }, fmt(p.current)),
            h('td', { 'data-aspect': 'desired', 'data-label': bt('trend.col.ambition') }, fmt(p.desired)),
            h('td', { 'data-label': bt('trend.col.gap') }, fmtSigned(changeOf(p.current, p.desired))),
            h('td', { 'data-label': bt('trend.col.change') }, fmtSigned(changes[i] ?? null)),
          ),
        ),
      ),
    ),
  );
}

function themesTable(trend: Trend, catalogue: Catalogue | null): HTMLElement {
  const ids = catalogue?.themes.map((x) => x.id) ?? [...new Set(trend.points.flatMap((p) => p.themes.map((x) => x.theme)))];
  const name = (id: string) => catalogue?.themes.find((x) => x.id === id)?.name ?? id;
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': bt('trend.table.themes') },
    h(
      'table',
      { class: 'scores trend__table trend__table--themes', 'data-testid': 'trend-themes' },
      h('caption', { class: 'visually-hidden' }, bt('trend.table.themes')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, bt('trend.col.theme')),
          trend.points.map((p) => h('th', { scope: 'col', class: 'num' }, h('span', { class: 'trend__colhead' }, pointDate(p)), h('span', { class: 'trend__colsub' }, shorten(pointName(p), 22)))),
        ),
      ),
      h(
        'tbody',
        null,
        ids.map((id) =>
          h(
            'tr',
            { 'data-theme': id },
            h('th', { scope: 'row' }, name(id)),
            trend.points.map((p) => {
              const x = p.themes.find((y) => y.theme === id);
              return h(
                'td',
                { class: 'trend__cell' },
                h('span', { 'aria-hidden': 'true' }, h('span', { class: 'trend__now' }, fmt(x?.current)), ' → ', h('strong', { class: 'trend__want' }, fmt(x?.desired))),
                h('span', { class: 'visually-hidden' }, bt('trend.themeCell', { now: fmt(x?.current), ambition: fmt(x?.desired) })),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

function showTrend(main: HTMLElement, code: string, trend: Trend, catalogue: Catalogue | null, forget: () => void): () => void {
  let chart: { destroy(): void } | null = null;
  let gone = false;
  const back = sessionStorage.getItem(trendBackKey(code));
  const forgetButton = h('button', { type: 'button', class: 'btn btn--ghost btn--small', 'data-testid': 'trend-forget' }, bt('trend.forget'));
  forgetButton.addEventListener('click', forget);
  const canvas = h('canvas', { role: 'img', 'aria-label': bt('trend.chart.label'), 'data-testid': 'trend-chart' });
  const chartTitle = uid('trend-chart');
  const series = trendSeries(trend.points);
  const root = h(
    'div',
    { class: 'trend', 'data-testid': 'trend', 'data-points': trend.points.length },
    h('h1', { tabindex: '-1', 'data-testid': 'trend-title' }, bt('trend.title', { name: trend.name })),
    h('p', { class: 'lead' }, bplural('trend.intro', trend.minRespondents)),
    h('p', { class: 'trend__links' }, back ? h('a', { class: 'btn btn--secondary btn--small', href: back, 'data-testid': 'trend-back' }, bt('trend.back')) : null, forgetButton),
    trend.points.length === 0
      ? h('p', { class: 'card', 'data-testid': 'trend-none' }, bplural('trend.none', trend.minRespondents))
      : [
          h(
            'section',
            { class: 'card trend__chartcard', 'aria-labelledby': chartTitle },
            h('h2', { id: chartTitle }, bt('trend.chart.title')),
            h('p', { class: 'hint' }, bt('trend.legend')),
            h('div', { class: 'trend__chart' }, canvas),
          ),
          h('section', { class: 'card', 'aria-labelledby': 'trend-points-title' }, h('h2', { id: 'trend-points-title' }, bt('trend.table.points')), pointsTable(trend)),
          h('section', { class: 'card', 'aria-labelledby': 'trend-themes-title' }, h('h2', { id: 'trend-themes-title' }, bt('trend.table.themes')), themesTable(trend, catalogue)),
        ],
  );
  main.classList.add('main--trend');
  main.append(root);
  if (trend.points.length > 0) {
    void import('./chart').then(({ drawTrend }) => {
      if (gone) return;
      chart = drawTrend(canvas, series, {
        labels: trend.points.map((p) => [pointDate(p), shorten(pointName(p))]),
        series: {
          'workshop.current': bt('trend.series.workshop.current'),
          'workshop.desired': bt('trend.series.workshop.desired'),
          'solo.current': bt('trend.series.solo.current'),
          'solo.desired': bt('trend.series.solo.desired'),
        },
        level: t('dash.level'),
      });
      root.dataset.chart = 'drawn';
    });
  }
  return () => {
    gone = true;
    chart?.destroy();
    main.classList.remove('main--trend');
  };
}

export function renderTrend(main: HTMLElement, code: string): () => void {
  let dispose: (() => void) | null = null;
  let gone = false;
  const hadFocus = main.contains(document.activeElement) || document.activeElement === document.body;
  const heading = () => h('h1', { tabindex: '-1' }, bt('trend.titlePlain'));

  const showForm = (refused: boolean, error?: string) => {
    dispose?.();
    dispose = null;
    main.textContent = '';
    const form = tokenForm<BaselineKey>({
      refused,
      testIds: { form: 'trend-token-form', input: 'trend-token-input' },
      translate: (key) => bt(key),
      ...(error ? { error } : {}),
      text: {
        title: 'trend.token.title',
        label: 'trend.token.label',
        hint: 'trend.token.hint',
        empty: 'trend.token.empty',
        invalid: 'trend.token.invalid',
        submit: 'trend.token.submit',
      },
      onToken: (token) => {
        sessionStorage.setItem(trendKey(code), token);
        start(token, true);
      },
    });
    main.append(heading(), form);
    if (refused || error) form.querySelector('input')?.focus();
  };

  const forget = () => {
    sessionStorage.removeItem(trendKey(code));
    showForm(false);
    main.querySelector<HTMLElement>('h1')?.focus();
  };

  const start = (token: string, focus: boolean) => {
    main.textContent = '';
    main.append(heading(), h('p', { class: 'loading' }, t('common.loading')));
    void Promise.all([fetchTrend(code, token), fetchCatalogue(language()).catch(() => null)]).then(
      ([trend, catalogue]) => {
        if (gone) return;
        main.textContent = '';
        dispose = showTrend(main, code, trend, catalogue, forget);
        if (focus) main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
      },
      (err: unknown) => {
        if (gone) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          sessionStorage.removeItem(trendKey(code));
          showForm(true);
          return;
        }
        if (err instanceof ApiError && err.status === 404) {
          main.textContent = '';
          main.append(heading(), h('p', { role: 'alert', 'data-testid': 'trend-unknown' }, bt('trend.unknown', { code })));
          return;
        }
        main.textContent = '';
        main.append(
          heading(),
          h('p', { role: 'alert' }, bt('trend.failed', { message: err instanceof Error ? err.message : String(err) })),
          h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => start(token, true) }, t('common.retry')),
        );
      },
    );
  };

  const found = trendToken(code, sessionStorage, localStorage, keys.operator());
  if (found) start(found.token, hadFocus);
  else showForm(false);

  return () => {
    gone = true;
    dispose?.();
  };
}
