// /p — the workshop this browser joined last (its session id is in localStorage, never in the URL).
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { browserStore, keys } from '../lib/storage';
import type { Navigate } from '../pages/navigate';
import { mountAssessment } from './assessment';

export function renderParticipant(main: HTMLElement, go: Navigate): () => void {
  const sessionId = browserStore().getItem(keys.currentWorkshop());
  if (!sessionId) {
    main.append(h('h1', null, t('participant.noSession')), h('p', null, h('a', { href: '/' }, t('common.home'))));
    return () => {};
  }
  return mountAssessment(main, { sessionId, mode: 'workshop', go });
}
