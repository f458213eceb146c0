// "Workshoprapport (PDF)": the session's workshop report (GET …/report.pdf) in the page's language, fetched
// with the facilitator or review token as an Authorization header (a plain link would have to put the token in
// the URL, where server and proxy logs keep it) and saved under the server's file name. On the dashboard and
// beside the replay page's exports.
import { h } from '../lib/dom';
import { language, t } from '../lib/i18n';
import { downloadReport } from './api';

export function reportButton(sessionId: string, token: string, status: HTMLElement, className = 'btn btn--secondary'): HTMLButtonElement {
  const button = h(
    'button',
    {
      type: 'button',
      class: className,
      'data-testid': 'report-pdf',
      onclick: async () => {
        if (button.getAttribute('aria-busy') === 'true') return;
        button.setAttribute('aria-busy', 'true');
        status.textContent = t('replay.export.busy');
        try {
          const name = await downloadReport(sessionId, token, language());
          status.textContent = t('replay.export.done', { name });
        } catch (err) {
          status.textContent = t('replay.export.failed', { message: err instanceof Error ? err.message : String(err) });
        } finally {
          button.removeAttribute('aria-busy');
        }
      },
    },
    t('report.workshop.pdf'),
  );
  return button;
}
