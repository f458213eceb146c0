// /roadmap/:session — the roadmap as it stands, read-only, to print, share or download: title and
// municipality, the statements in priority order with why (gap, agreement, votes), their actions with
// status, horizon and owner, the conclusions, and the agreed actions on a timeline by horizon. The token
// comes through the replay page's gate (replay/review-gate.ts: a review link's #token=, this tab's review
// key, or the facilitator's saved key; else a form asks), and the statement, action and timeline renderers
// are the dashboard panel's without its controls. "Download CSV" fetches export/roadmap.csv in the page's
// language, token in a header.
import '../facilitator/dashboard.css';
import './roadmap-page.css';
import { actionChips, timelineContent, WhyBars } from '../facilitator/roadmap-panel';
import { fetchCatalogue, searchMunicipalities, type Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { language, plural, t } from '../lib/i18n';
import { listedStatements, statementActions, type Roadmap, type RoadmapAction } from '../lib/roadmap';
import { mountReviewPage } from '../replay/review-gate';
import { downloadRoadmapCsv, fetchRoadmap, type RoadmapBody } from './api';

/** How many statements are listed before "show all 21" (more when others have actions or a conclusion). */
const TOP = 5;

function actionItem(action: RoadmapAction): HTMLElement {
  return h(
    'li',
    { class: 'rm-action', 'data-action': action.id, 'data-status': action.status, 'data-hidden': String(action.hidden) },
    h(
      'div',
      { class: 'rm-action__main' },
      h('p', { class: 'rm-action__text', 'data-testid': 'rm-action-text' }, action.text),
      h('p', { class: 'rm-action__meta' }, actionChips(action, false)),
      h('p', { class: 'rm-action__count', 'data-testid': 'rm-action-votes' }, plural('roadmap.votes', action.votes)),
    ),
  );
}

function statementItem(roadmap: Roadmap, catalogue: Catalogue | null, statement: number, index: number): HTMLElement {
  const why = new WhyBars();
  why.update(roadmap.priorities.find((p) => p.statement === statement) ?? null);
  const title = catalogue?.statements.find((s) => s.id === statement)?.title ?? `#${statement}`;
  const conclusion = roadmap.conclusions[statement];
  // hidden actions were taken off the participants' screens by the facilitator: not on the shared page either
  const actions = statementActions(roadmap, statement).filter((a) => !a.hidden);
  return h(
    'li',
    { class: 'rm-stmt', 'data-statement': statement },
    h(
      'div',
      { class: 'rm-stmt__head' },
      h('span', { class: 'rm-stmt__rank', 'aria-hidden': 'true' }, String(index + 1)),
      h('div', { class: 'rm-stmt__titles' }, h('h3', { class: 'rm-stmt__title' }, `${statement}. ${title}`), why.element, why.label),
    ),
    conclusion
      ? h('p', { class: 'rm-conclusion', 'data-testid': 'rm-conclusion' }, h('span', { class: 'visually-hidden' }, `${t('roadmap.conclusion')}: `), conclusion)
      : '',
    actions.length
      ? h('ul', { class: 'rm-actions', 'data-testid': 'rm-actions' }, actions.map(actionItem))
      : h('p', { class: 'hint rm-none' }, t('rm.noActions')),
  );
}

function roadmapView(main: HTMLElement, sessionId: string, token: string, body: RoadmapBody, catalogue: Catalogue | null): void {
  let all = false;
  const meta = h('p', { class: 'rmp__meta', 'data-testid': 'roadmap-municipality' });
  const showMeta = (name: string) => {
    const text = t('roadmapPage.meta', { municipality: name, round: body.round });
    meta.textContent = body.closed ? `${text} · ${t('roadmapPage.closed')}` : text;
  };
  showMeta(body.municipality);
  if (body.municipality) {
    void searchMunicipalities(body.municipality, 5).then(
      (found) => showMeta(found.find((m) => m.code === body.municipality)?.name ?? body.municipality),
      () => {},
    );
  }

  const status = h('p', { class: 'hint rmp__status', role: 'status', 'data-testid': 'roadmap-csv-status' });
  const csv = h('button', { type: 'button', class: 'btn btn--primary', 'data-testid': 'roadmap-csv' }, t('roadmapPage.csv'));
  csv.addEventListener('click', async () => {
    if (csv.getAttribute('aria-busy') === 'true') return;
    csv.setAttribute('aria-busy', 'true');
    status.textContent = t('replay.export.busy');
    try {
      const name = await downloadRoadmapCsv(sessionId, token, language());
      status.textContent = t('replay.export.done', { name });
    } catch (err) {
      status.textContent = t('replay.export.failed', { message: err instanceof Error ? err.message : String(err) });
    } finally {
      csv.removeAttribute('aria-busy');
    }
  });
  const print = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'roadmap-print' }, t('roadmapPage.print'));
  print.addEventListener('click', () => window.print());
  const replay = h('a', { class: 'btn btn--secondary', href: `/replay/${encodeURIComponent(sessionId)}` }, t('replay.title'));

  const list = h('ol', { class: 'rm-list', 'data-testid': 'rm-list' });
  const allButton = h('button', { type: 'button', class: 'linkish rmp__all', 'data-testid': 'rm-all' });
  const fill = () => {
    list.replaceChildren(...listedStatements(body.roadmap, TOP, all).map((s, i) => statementItem(body.roadmap, catalogue, s, i)));
    allButton.textContent = all ? t('rm.showFewer') : t('rm.showAll');
  };
  allButton.addEventListener('click', () => {
    all = !all;
    fill();
  });
  fill();

  main.append(
    h(
      'article',
      { class: 'rmp', 'data-testid': 'roadmap-page', 'data-session': sessionId },
      h(
        'header',
        { class: 'rmp__head' },
        h('p', { class: 'eyebrow' }, t('rm.title')),
        h('h1', { tabindex: '-1', 'data-testid': 'roadmap-title' }, body.title || t('rm.title')),
        meta,
        h('p', { class: 'rmp__tools' }, csv, print, replay),
        status,
      ),
      h(
        'section',
        { class: 'card rmp__priorities', 'aria-labelledby': 'rmp-priorities' },
        h('h2', { id: 'rmp-priorities' }, t('roadmapPage.priorities')),
        h('p', { class: 'hint' }, t('rm.intro')),
        list,
        allButton,
      ),
      h('section', { class: 'card rm-timeline rmp__timeline', 'data-testid': 'rm-timeline' }, timelineContent(body.roadmap)),
    ),
  );
}

export function renderRoadmapPage(main: HTMLElement, sessionId: string): () => void {
  return mountReviewPage(main, {
    sessionId,
    title: 'rm.title',
    error: 'roadmapPage.error',
    load: (token) => Promise.all([fetchRoadmap(sessionId, token), fetchCatalogue(language()).catch(() => null)]),
    show: ([body, catalogue], token) => roadmapView(main, sessionId, token, body, catalogue),
  });
}
