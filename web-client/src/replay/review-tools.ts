// On the facilitator's dashboard: a link to the replay page, a button that creates a read-only review link
// (POST …/review-tokens) and shows it once, selectable and copyable, and the workshop report (PDF).
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import { createReviewToken, reviewLink } from './api';
import { reportButton } from './report-button';
import './replay.css';

export function reviewTools(sessionId: string, token: string): HTMLElement {
  const out = h('div', { class: 'review-tools__out', 'data-testid': 'review-link-box' });
  const status = h('p', { class: 'hint', role: 'status' });
  const reportStatus = h('p', { class: 'hint', role: 'status', 'data-testid': 'report-status' });
  const create = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--secondary btn--small',
      'data-testid': 'review-link-create',
      onclick: async () => {
        create.setAttribute('aria-disabled', 'true');
        try {
          const link = reviewLink(window.location.origin, sessionId, await createReviewToken(sessionId, token));
          const id = uid('review-link');
          const hint = uid('review-link-hint');
          const input = h('input', { id, class: 'input', type: 'text', readonly: true, value: link, 'aria-describedby': hint, 'data-testid': 'review-link', onfocus: () => input.select() });
          const copy = h(
            'button',
            {
              type: 'button',
              class: 'btn btn--ghost btn--small',
              onclick: async () => {
                try {
                  await navigator.clipboard.writeText(link);
                } catch {
                  input.select();
                  document.execCommand?.('copy');
                }
                status.textContent = t('replay.review.copied');
              },
            },
            t('replay.review.copy'),
          );
          out.replaceChildren(
            h('label', { class: 'label', for: id }, t('replay.review.label')),
            h('p', { class: 'hint', id: hint }, t('replay.review.hint')),
            input,
            h('p', null, copy),
          );
          input.focus();
          status.textContent = '';
        } catch (err) {
          status.textContent = t('replay.review.failed', { message: err instanceof Error ? err.message : String(err) });
        } finally {
          create.removeAttribute('aria-disabled');
        }
      },
    },
    t('replay.review.create'),
  );
  return h(
    'div',
    { class: 'review-tools dash__control', 'data-testid': 'review-tools' },
    h('p', { class: 'review-tools__link' }, h('a', { href: `/replay/${encodeURIComponent(sessionId)}`, 'data-testid': 'replay-link' }, t('replay.review.link')), create, reportButton(sessionId, token, reportStatus, 'btn btn--secondary btn--small')),
    out,
    status,
    reportStatus,
  );
}
