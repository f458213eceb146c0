// The replay page's exports card: the workshop report (PDF) and each export file (answers, results, the event
// log), downloaded with the token as a header, a link to the roadmap page, and one status line that says what
// the last download did.
import { h } from '../lib/dom';
import { t, type StringKey } from '../lib/i18n';
import { downloadExport, EXPORTS } from './api';
import { reportButton } from './report-button';

export function exportsPanel(sessionId: string, token: string): HTMLElement {
  const exportStatus = h('p', { class: 'hint', role: 'status', 'data-testid': 'export-status' });
  const exportButtons = EXPORTS.map((name) =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn--secondary',
        'data-testid': `export-${name}`,
        onclick: async () => {
          exportStatus.textContent = t('replay.export.busy');
          try {
            await downloadExport(sessionId, token, name);
            exportStatus.textContent = t('replay.export.done', { name });
          } catch (err) {
            exportStatus.textContent = t('replay.export.failed', { message: err instanceof Error ? err.message : String(err) });
          }
        },
      },
      t(`replay.export.${name}` as StringKey),
    ),
  );
  // the read-only roadmap page; it finds this tab's review key (or the facilitator's) as this page did
  const roadmapLink = h('a', { class: 'btn btn--secondary', href: `/roadmap/${encodeURIComponent(sessionId)}`, 'data-testid': 'replay-roadmap-link' }, t('replay.roadmap'));
  return h('section', { class: 'card', 'aria-labelledby': 'replay-export-title' }, h('h2', { id: 'replay-export-title' }, t('replay.exports.title')), h('p', { class: 'replay__exports' }, reportButton(sessionId, token, exportStatus), exportButtons, roadmapLink), exportStatus);
}
