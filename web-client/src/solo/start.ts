// /solo — the online self-assessment: choose a municipality, then create a `solo` session and join it
// over the WebSocket; from then on the same statement screen as in a workshop. Resumes after a reload.
// Refused for starting too often: creating says when to try again, joining tries again by itself.
// Every solo made here is also kept in the browser's history of solos (history.ts), so that a later one of
// the same municipality offers, at its start, to compare with it (baseline.ts, loaded only then).
import { municipalityPicker } from '../components/municipality-picker';
import { retryNotice } from '../components/retry-notice';
import { ApiError, createSession } from '../lib/api';
import { busyForm } from '../lib/busy-form';
import { browserConnection } from '../lib/browser-connection';
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { isRateLimited, sessionBusyMessage } from '../lib/rate-limit';
import { browserStore, keys, readJson, writeJson, type KeyValueStore } from '../lib/storage';
import type { Navigate } from '../pages/navigate';
import { mountAssessment, type AssessmentExtension, type AssessmentExtensionContext } from '../participant/assessment';
import { earlierSolos, rememberSolo } from './history';

export interface SoloRecord {
  session_id: string;
  join_code: string;
  municipality: { code: string; name: string };
  /** the facilitator token of the solo session: lets its owner fetch /results later, and compare a later solo with it */
  facilitator_token: string;
  /** when it began, ISO 8601 (records from before the history have none) */
  created?: string;
}

export function currentSolo(store: KeyValueStore): SoloRecord | null {
  const solo = readJson<SoloRecord>(store, keys.currentSolo());
  return solo && readJson(store, keys.participant(solo.session_id)) ? solo : null;
}

export function renderSolo(main: HTMLElement, go: Navigate): () => void {
  const store = browserStore();
  const solo = currentSolo(store);
  if (solo) {
    const extension = earlierSolos(store, solo.municipality.code, solo.session_id).length > 0 ? compareOffer(store, solo) : null;
    return mountAssessment(main, { sessionId: solo.session_id, mode: 'solo', go, ...(extension ? { extension } : {}) });
  }
  let dispose: (() => void) | null = null;
  const error = h('p', { class: 'field-error', role: 'alert' });
  const picker = municipalityPicker();
  const submit = h('button', { type: 'submit', class: 'btn btn--primary btn--block', 'data-testid': 'solo-begin' }, t('solo.start'));
  const retrying = retryNotice('solo-retrying');
  const form = busyForm(
    {
      submit,
      clear: error,
      check: () => {
        if (picker.selected()) return true;
        error.textContent = t('landing.create.municipalityMissing');
        return false;
      },
      send: async () => {
        const municipality = picker.selected()!; // checked above
        const created = await createSession(t('solo.sessionTitle', { name: municipality.name }), municipality.code, 'solo');
        const wired = browserConnection(store, { joinDelayed: (ms) => retrying.show(ms) });
        dispose = wired.dispose;
        await wired.connection.join(created.join_code).finally(() => retrying.hide());
        const record: SoloRecord = {
          session_id: created.session_id,
          join_code: created.join_code,
          municipality,
          facilitator_token: created.facilitator_token,
          created: new Date().toISOString(),
        };
        writeJson(store, keys.currentSolo(), record);
        rememberSolo(store, record);
        wired.dispose();
        dispose = null;
        go('/solo', true);
      },
      failed: (err) => {
        if (isRateLimited(err)) {
          error.textContent = sessionBusyMessage(err instanceof ApiError ? err.retryAfterS : null);
          return;
        }
        const message = err instanceof ApiError ? `${err.code}: ${err.message}` : (err as Error).message;
        error.textContent = t('common.error', { message });
      },
    },
    picker.element,
    error,
    retrying.element,
    submit,
  );
  main.append(h('h1', null, t('solo.title')), h('p', { class: 'lead' }, t('solo.intro')), h('div', { class: 'card' }, form));
  return () => dispose?.();
}

/**
 * The offer to compare this solo with an earlier one of the browser (baseline.ts, loaded on demand): a slot in
 * the questionnaire that shows it once loaded; until then it passes the baseline's own commands over quietly.
 */
function compareOffer(store: KeyValueStore, solo: SoloRecord): AssessmentExtension {
  const element = h('div', { hidden: true });
  let offer: AssessmentExtension | null = null;
  let last: AssessmentExtensionContext | null = null;
  void import('./baseline').then(({ SoloBaselineOffer }) => {
    offer = new SoloBaselineOffer(element, { store, sessionId: solo.session_id, municipality: solo.municipality });
    if (last) offer.update(last);
  });
  return {
    element,
    update: (ctx) => {
      last = ctx;
      offer?.update(ctx);
    },
    settled: (entry, code) =>
      offer ? offer.settled(entry, code) : entry.command.type === 'choose_baseline' || entry.command.type === 'remove_baseline',
  };
}
