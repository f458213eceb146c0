// /f/:session — placeholder for the facilitator dashboard (a colleague builds it here, in src/facilitator/).
// For now: the facilitator token shown once with a warning, and the join code with link and QR code.
import QRCode from 'qrcode';
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { browserStore, keys, readJson, writeJson } from '../lib/storage';

export interface FacilitatorRecord {
  token: string;
  join_code: string;
  title?: string;
  municipality?: string;
  /** true until the facilitator confirmed they kept the token */
  show_token?: boolean;
}

export function renderFacilitator(main: HTMLElement, sessionId: string): void {
  const store = browserStore();
  const record = readJson<FacilitatorRecord>(store, keys.facilitator(sessionId));
  main.append(h('h1', null, record?.title ?? t('facilitator.title')));
  if (!record) {
    main.append(h('p', { class: 'banner banner--warn' }, t('facilitator.noToken')));
    return;
  }
  if (record.show_token) {
    const box = h(
      'section',
      { class: 'card card--warn', 'aria-labelledby': 'token-title', 'data-testid': 'token-box' },
      h('h2', { id: 'token-title' }, t('facilitator.tokenTitle')),
      h('p', null, t('facilitator.tokenWarning')),
      h('p', null, h('code', { class: 'token', 'data-testid': 'facilitator-token' }, record.token)),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--secondary',
          onclick: () => {
            writeJson(store, keys.facilitator(sessionId), { ...record, show_token: false });
            box.remove();
            main.querySelector<HTMLElement>('h1')?.focus();
          },
        },
        t('facilitator.tokenSaved'),
      ),
    );
    main.append(box);
  }
  const url = `${window.location.origin}/join/${encodeURIComponent(record.join_code)}`;
  const qr = h('img', { class: 'qr', alt: t('facilitator.qr', { code: record.join_code }), width: '240', height: '240' });
  void QRCode.toDataURL(url, { width: 240, margin: 1 }).then((data) => (qr.src = data));
  main.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'code-title' },
      h('h2', { id: 'code-title' }, t('facilitator.joinCode')),
      h('p', { class: 'join-code', 'data-testid': 'facilitator-join-code' }, record.join_code),
      h('p', null, t('facilitator.joinLink', { url })),
      qr,
    ),
    h('p', { class: 'hint' }, t('facilitator.placeholder')),
  );
}
