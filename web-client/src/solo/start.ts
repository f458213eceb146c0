// /solo — the online self-assessment: choose a municipality, then create a `solo` session and join it
// over the WebSocket; from then on the same statement screen as in a workshop. Resumes after a reload.
// Refused for starting too often: creating says when to try again, joining tries again by itself.
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
import { mountAssessment } from '../participant/assessment';

export interface SoloRecord {
  session_id: string;
  join_code: string;
  municipality: { code: string; name: string };
  /** the facilitator token of the solo session: lets its owner fetch /results later */
  facilitator_token: string;
}

export function currentSolo(store: KeyValueStore): SoloRecord | null {
  const solo = readJson<SoloRecord>(store, keys.currentSolo());
  return solo && readJson(store, keys.participant(solo.session_id)) ? solo : null;
}

export function renderSolo(main: HTMLElement, go: Navigate): () => void {
  const store = browserStore();
  const solo = currentSolo(store);
  if (solo) {
    const cleanup = mountAssessment(main, { sessionId: solo.session_id, mode: 'solo', go });
    return cleanup;
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
        };
        writeJson(store, keys.currentSolo(), record);
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
