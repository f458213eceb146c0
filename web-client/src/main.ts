// Entry point: language, the header's language switch, and the routes of the single-page client.
import './styles.css';
import { renderFacilitator } from './facilitator/page';
import { h, replaceChildren } from './lib/dom';
import { initLanguage, language, onLanguageChange, setLanguage, t } from './lib/i18n';
import { Router } from './lib/router';
import { browserStore } from './lib/storage';
import { renderForms } from './pages/forms';
import { renderJoin } from './pages/join';
import { renderLanding } from './pages/landing';
import { renderParticipant } from './participant/page';
import { renderSoloResult } from './solo/result';
import { currentSolo, renderSolo } from './solo/start';

initLanguage(browserStore());

const main = document.getElementById('main') as HTMLElement;
const router = new Router(main, (el) => {
  el.append(h('h1', null, t('notFound.title')), h('p', null, h('a', { href: '/' }, t('common.home'))));
});
const go = (path: string, replace = false) => router.go(path, replace);

/** Pages that follow the language themselves (they keep a live connection across the switch). */
const ownLanguage = (path: string) =>
  path === '/p' || path === '/results/solo' || (path === '/solo' && currentSolo(browserStore()) !== null);

router
  .add('/', (el) => renderLanding(el, go))
  .add('/contact', (el) => renderForms(el))
  .add('/join', (el) => renderJoin(el, '', go))
  .add('/join/:code', (el, p) => renderJoin(el, p.code ?? '', go))
  .add('/p', (el) => renderParticipant(el, go))
  .add('/solo', (el) => renderSolo(el, go))
  .add('/results/solo', (el) => renderSoloResult(el))
  .add('/f/:session', (el, p) => renderFacilitator(el, p.session ?? ''))
  .add('/roadmap/:session', (el, p) => {
    // loaded on demand like the replay page, whose token logic and dashboard renderers it reuses
    let dispose: (() => void) | null = null;
    let gone = false;
    void import('./roadmap/page').then(({ renderRoadmapPage }) => {
      if (!gone) dispose = renderRoadmapPage(el, p.session ?? '');
    });
    return () => {
      gone = true;
      dispose?.();
    };
  })
  // a municipality's assessments over the years, loaded on demand (Chart.js and the re-assessment's strings)
  .add('/trend/:code', (el, p) => {
    let dispose: (() => void) | null = null;
    let gone = false;
    void import('./trend/page').then(({ renderTrend }) => {
      if (!gone) dispose = renderTrend(el, (p.code ?? '').toUpperCase());
    });
    return () => {
      gone = true;
      dispose?.();
    };
  })
  // the provider's desk, loaded on demand; /admin leads there (the address becomes /beheer)
  .add('/admin', (el) => {
    history.replaceState(history.state, '', '/beheer' + window.location.search);
    return desk(el, { tab: 'requests' });
  })
  .add('/beheer', (el) => desk(el, { tab: 'requests' }))
  .add('/beheer/aanvragen/:id', (el, p) => desk(el, { tab: 'requests', requestId: p.id ?? '' }))
  .add('/beheer/:tab', (el, p) => {
    const tab = p.tab === 'mail' ? 'mail' : p.tab === 'sessies' ? 'sessions' : null;
    if (!tab) history.replaceState(history.state, '', '/beheer'); // aanvragen, or a part that does not exist
    return desk(el, { tab: tab ?? 'requests' });
  })
  .add('/replay/:session', (el, p) => {
    // loaded on demand, like the dashboard whose panels it reuses
    let dispose: (() => void) | null = null;
    let gone = false;
    void import('./replay/page').then(({ renderReplay }) => {
      if (!gone) dispose = renderReplay(el, p.session ?? '');
    });
    return () => {
      gone = true;
      dispose?.();
    };
  });

/** Renders the provider's desk (src/desk/, its own chunk) into `el`; returns its cleanup. */
function desk(el: HTMLElement, route: { tab: 'requests' | 'mail' | 'sessions'; requestId?: string }): () => void {
  let dispose: (() => void) | null = null;
  let gone = false;
  void import('./desk/page').then(({ renderDesk }) => {
    if (!gone) dispose = renderDesk(el, route, go);
  });
  return () => {
    gone = true;
    dispose?.();
  };
}

function renderChrome(): void {
  const slot = document.getElementById('lang-slot');
  const other = language() === 'nl' ? 'en' : 'nl';
  if (slot) {
    replaceChildren(
      slot,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--lang',
          lang: other,
          'aria-label': t('lang.switchLabel'),
          'data-testid': 'lang-switch',
          onclick: () => setLanguage(other),
        },
        t('lang.switch'),
      ),
    );
  }
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('app.skip');
  document.title = t('app.title');
}

onLanguageChange(() => {
  renderChrome();
  if (!ownLanguage(window.location.pathname)) router.render(false);
});
renderChrome();
router.start();
