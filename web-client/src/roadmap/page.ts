// /roadmap/:session — the roadmap as it stands, read-only, to print, share or download: title and
// municipality, the statements in priority order with why (gap, agreement, votes), their actions with
// status, horizon and owner, the conclusions, and the agreed actions on a timeline by horizon. The token
// comes through the replay page's gate (replay/review-gate.ts: a review link's #token=, this tab's review
// key, or the facilitator's saved key; else a form asks), and the statement, action and timeline renderers
// are the dashboard panel's without its controls (statements.ts, shared with the replay's roadmap panel).
// "Download CSV" fetches export/roadmap.csv in the page's language, token in a header.
import '../facilitator/dashboard.css';
import './roadmap-page.css';
import { timelineContent } from '../facilitator/roadmap-panel';
import { fetchCatalogue, searchMunicipalities, type Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { language, t } from '../lib/i18n';
import { listedStatements } from '../lib/roadmap';
import { mountReviewPage } from '../replay/review-gate';
import { downloadRoadmapCsv, fetchRoadmap, type RoadmapBody } from './api';
import { statementItem } from './statements';

/** How many statements are listed before "show all 21" (more when others have actions or a conclusion). */
const TOP = 5;

function roadmapView(main: HTMLElement, sessionId: string, token: string, body: RoadmapBody, catalogue: Catalogue | null): void {
  let all = false;
  const meta = h('p', { class: 'rmp__meta', 'data-testid': 'roadmap-municipality' });
  const showMeta = (name: string) => {
    const text = t('roadmapPage.meta', { municipality: name, round: body.round });
    meta.textContent = body.closed ? `${text} · ${t('roadmapPage.closed')}` : text;
  };
  showMeta(body.municipalityName ?? body.municipality);
  // an older server gives only the code: look its name up
  if (!body.municipalityName && body.municipality) {
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
      h('section', { class: 'card rm-timeline rmp__timeline', 'data-testid': 'rm-timeline' }, timelineContent(body.roadmap, true)),
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
