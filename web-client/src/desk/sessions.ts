// The desk's sessions: every workshop and solo self-assessment, newest first (title, municipality, date,
// participants, rounds, open or closed), each with its replay (opened with the desk's own token: the replay
// page finds it in this tab), its report (PDF, fetched with the token and saved) and a review link to send
// on; beside them the coverage: the municipalities with respondents and whether they may be compared with.
import { searchMunicipalities } from '../lib/api';
import { h, uid } from '../lib/dom';
import { language, t } from '../lib/i18n';
import { createReviewToken, reviewLink } from '../replay/api';
import { downloadSessionReport, fetchCoverage, listSessions, type Coverage, type SessionListing } from './api';
import { comparableText, deskPlural, dt, formatDay } from './logic';
import { actionsCell, cell, chip, partHeading, segmented, type DeskContext, type DeskView } from './ui';

/** Sessions shown at first, and added by "show more". */
export const PAGE = 20;

type Mode = 'all' | 'workshop' | 'solo';
let lastMode: Mode = 'all';

/** Municipality names by CBS code, asked once per page life (all 342). */
let names: Promise<Map<string, string>> | null = null;
function municipalityNames(): Promise<Map<string, string>> {
  names ??= searchMunicipalities('', 400).then(
    (list) => new Map(list.map((m) => [m.code, m.name])),
    () => {
      names = null;
      return new Map<string, string>();
    },
  );
  return names;
}

function numCell(label: string, text: string): HTMLTableCellElement {
  const td = cell(label, text);
  td.classList.add('num');
  return td;
}

function sessionRow(ctx: DeskContext, s: SessionListing, muni: Map<string, string>): HTMLTableRowElement[] {
  const status = h('p', { class: 'desk-inline-status', role: 'status', 'data-testid': 'session-status' });
  const linkBox = h('div', { class: 'desk-review', 'data-testid': 'session-review-box' });
  const linkRow = h('tr', { class: 'desk-table__extra', hidden: true }, h('td', { colspan: '7' }, linkBox));

  const report = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--ghost btn--small',
      'data-testid': 'session-report',
      'aria-label': dt('sessions.reportOf', { title: s.title }),
      onclick: async () => {
        if (report.getAttribute('aria-busy') === 'true') return;
        report.setAttribute('aria-busy', 'true');
        status.textContent = dt('sessions.reportBusy');
        try {
          const name = await downloadSessionReport(ctx.token, s.session_id, language());
          status.textContent = dt('sessions.reportDone', { name });
        } catch (err) {
          status.textContent = dt('sessions.reportFailed', { message: ctx.fail(err) });
        } finally {
          report.removeAttribute('aria-busy');
        }
      },
    },
    dt('sessions.report'),
  );

  const review = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--ghost btn--small',
      'data-testid': 'session-review',
      'aria-label': dt('sessions.reviewOf', { title: s.title }),
      onclick: async () => {
        review.disabled = true;
        try {
          const link = reviewLink(window.location.origin, s.session_id, await createReviewToken(s.session_id, ctx.token));
          const id = uid('review');
          const hint = uid('review-hint');
          const copied = h('span', { class: 'hint', role: 'status' });
          const input = h('input', {
            id,
            class: 'input desk-review__input',
            type: 'text',
            readonly: true,
            value: link,
            'aria-describedby': hint,
            'data-testid': 'session-review-link',
            onfocus: () => input.select(),
          });
          linkBox.replaceChildren(
            h('label', { class: 'label', for: id }, dt('sessions.reviewLabel', { title: s.title })),
            h('p', { class: 'hint', id: hint }, t('replay.review.hint')),
            h(
              'div',
              { class: 'desk-review__row' },
              input,
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn--secondary btn--small',
                  'data-testid': 'session-review-copy',
                  onclick: async () => {
                    try {
                      await navigator.clipboard.writeText(link);
                    } catch {
                      input.select();
                      document.execCommand?.('copy');
                    }
                    copied.textContent = t('replay.review.copied');
                  },
                },
                t('replay.review.copy'),
              ),
              copied,
            ),
          );
          linkRow.hidden = false;
          input.focus();
        } catch (err) {
          status.textContent = t('replay.review.failed', { message: ctx.fail(err) });
        } finally {
          review.disabled = false;
        }
      },
    },
    dt('sessions.review'),
  );

  const municipality = muni.get(s.municipality);
  const row = h(
    'tr',
    { 'data-testid': 'session-row', 'data-id': s.session_id, 'data-mode': s.mode },
    h(
      'th',
      { scope: 'row', class: 'desk-table__title', 'data-label': dt('sessions.col.title') },
      h('span', { class: 'desk-session__title' }, s.title),
      h('span', { class: 'desk-session__mode' }, dt(s.mode === 'solo' ? 'sessions.kind.solo' : 'sessions.kind.workshop')),
    ),
    cell(dt('sessions.col.municipality'), municipality ?? s.municipality),
    cell(dt('sessions.col.date'), h('time', { datetime: s.created }, formatDay(s.created, language(), undefined, 'medium'))),
    numCell(dt('sessions.col.participants'), String(s.participants)),
    numCell(dt('sessions.col.rounds'), s.rounds === undefined ? dt('desk.none') : String(s.rounds)),
    cell(dt('sessions.col.state'), chip(s.closed ? 'closed' : 'open', dt(s.closed ? 'sessions.closed' : 'sessions.open'), 'session-state')),
    actionsCell(
      dt('sessions.col.actions'),
      h(
        'div',
        { class: 'desk-row-actions' },
        h(
          'a',
          {
            href: `/replay/${encodeURIComponent(s.session_id)}`,
            class: 'btn btn--ghost btn--small',
            'aria-label': dt('sessions.replayOf', { title: s.title }),
            'data-testid': 'session-replay',
          },
          dt('sessions.replay'),
        ),
        report,
        review,
      ),
      status,
    ),
  );
  return [row, linkRow];
}

function coverageCard(c: Coverage): HTMLElement {
  const k = c.min_respondents;
  const comparable = c.municipalities.filter((m) => m.comparable).length;
  return h(
    'div',
    { 'data-testid': 'coverage' },
    h('p', { class: 'hint' }, dt('coverage.intro', { k })),
    c.municipalities.length === 0
      ? h('p', { class: 'desk-empty' }, dt('coverage.empty'))
      : [
          h('p', { class: 'desk-count', 'data-testid': 'coverage-summary' }, dt('coverage.summary', { all: c.municipalities.length, comparable })),
          h(
            'div',
            // a list that scrolls on its own: reachable by keyboard, named for screen readers
            { class: 'desk-table-wrap desk-coverage', tabindex: '0', role: 'region', 'aria-label': dt('coverage.title') },
            h(
              'table',
              { class: 'desk-table desk-table--plain', 'data-testid': 'coverage-table' },
              h('caption', { class: 'visually-hidden' }, dt('coverage.title')),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, dt('coverage.col.municipality')),
                  h('th', { scope: 'col', class: 'num' }, dt('coverage.col.respondents')),
                  h('th', { scope: 'col' }, dt('coverage.col.comparable')),
                ),
              ),
              h(
                'tbody',
                null,
                c.municipalities.map((m) =>
                  h(
                    'tr',
                    { 'data-comparable': String(m.comparable) },
                    h('th', { scope: 'row' }, m.name),
                    h('td', { class: 'num' }, String(m.respondents)),
                    h('td', null, chip(m.comparable ? 'sent' : 'short', comparableText(m.respondents, m.comparable, k))),
                  ),
                ),
              ),
            ),
          ),
        ],
  );
}

export function sessionsView(ctx: DeskContext): DeskView {
  const heading = partHeading(dt('sessions.title'));
  const coverageHeading = uid('coverage-h');
  const count = h('p', { class: 'desk-count', role: 'status', 'data-testid': 'sessions-count' });
  const list = h('div', { 'data-testid': 'sessions-list' }, h('p', { class: 'loading' }, dt('sessions.loading')));
  const coverage = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  const coverageId = uid('coverage');
  const coverageLink = h('p', { class: 'desk-part__tools desk-coverage-link' });
  let gone = false;
  let generation = 0;

  const load = (mode: Mode) => {
    const mine = ++generation;
    list.setAttribute('aria-busy', 'true');
    Promise.all([listSessions(ctx.token, mode === 'all' ? '' : mode), municipalityNames()]).then(
      ([sessions, muni]) => {
        if (gone || mine !== generation) return;
        list.removeAttribute('aria-busy');
        count.textContent = deskPlural('sessions.count', sessions.length);
        if (sessions.length === 0) {
          list.replaceChildren(h('p', { class: 'desk-empty' }, dt('sessions.empty')));
          return;
        }
        const tbody = h('tbody');
        let shown = 0;
        const more = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'sessions-more' });
        const showMore = (focusFirstNew: boolean) => {
          const next = sessions.slice(shown, shown + PAGE);
          const rows = next.flatMap((s) => sessionRow(ctx, s, muni));
          tbody.append(...rows);
          if (focusFirstNew) rows[0]?.querySelector<HTMLElement>('a, button')?.focus();
          shown += next.length;
          const left = sessions.length - shown;
          more.hidden = left <= 0;
          more.textContent = dt('sessions.more', { n: left });
        };
        more.addEventListener('click', () => showMore(true));
        const table = h(
          'table',
          { class: 'desk-table desk-table--sessions', 'data-testid': 'sessions-table' },
          h('caption', { class: 'visually-hidden' }, dt('sessions.title')),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              [
                dt('sessions.col.title'),
                dt('sessions.col.municipality'),
                dt('sessions.col.date'),
                dt('sessions.col.participants'),
                dt('sessions.col.rounds'),
                dt('sessions.col.state'),
                dt('sessions.col.actions'),
              ].map((c, i) => h('th', { scope: 'col', class: i === 3 || i === 4 ? 'num' : undefined }, c)),
            ),
          ),
          tbody,
        );
        showMore(false);
        list.replaceChildren(h('div', { class: 'desk-table-wrap' }, table), h('p', { class: 'desk-more' }, more));
      },
      (err: unknown) => {
        if (gone || mine !== generation) return;
        list.removeAttribute('aria-busy');
        list.replaceChildren(h('p', { role: 'alert', class: 'desk-error' }, ctx.fail(err)));
      },
    );
  };

  fetchCoverage(ctx.token).then(
    (c) => {
      if (gone) return;
      coverage.replaceChildren(coverageCard(c));
      const comparable = c.municipalities.filter((m) => m.comparable).length;
      coverageLink.replaceChildren(
        h(
          'a',
          { href: `#${coverageId}`, 'data-testid': 'coverage-link', onclick: (e: Event) => jump(e) },
          `${dt('coverage.title')}: ${dt('coverage.summary', { all: c.municipalities.length, comparable })}`,
        ),
      );
    },
    (err: unknown) => {
      if (!gone) coverage.replaceChildren(h('p', { role: 'alert', class: 'desk-error' }, ctx.fail(err)));
    },
  );

  /** The in-page link to the coverage: scrolls there and moves focus to its heading (the router would treat the link as a page). */
  const jump = (e: Event) => {
    e.preventDefault();
    const target = element.querySelector<HTMLElement>(`#${coverageId} h2`);
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  };

  const element = h(
    'div',
    { class: 'desk-sessions' },
    h(
      'section',
      { class: 'desk-part desk-sessions__list', 'aria-labelledby': heading.id, 'data-testid': 'desk-sessions' },
      h('div', { class: 'desk-part__head' }, heading, coverageLink),
      segmented(
        dt('sessions.mode'),
        [
          ['all', dt('sessions.mode.all')],
          ['workshop', dt('sessions.mode.workshop')],
          ['solo', dt('sessions.mode.solo')],
        ],
        lastMode,
        (v) => {
          lastMode = v as Mode;
          load(lastMode);
        },
        'sessions-mode',
      ),
      count,
      list,
    ),
    h(
      'section',
      { class: 'card desk-part desk-sessions__coverage', id: coverageId, 'aria-labelledby': coverageHeading, 'data-testid': 'desk-coverage' },
      h('h2', { id: coverageHeading, class: 'desk-part__title', tabindex: '-1' }, dt('coverage.title')),
      coverage,
    ),
  );
  load(lastMode);
  return {
    element,
    heading,
    dispose: () => {
      gone = true;
    },
  };
}
