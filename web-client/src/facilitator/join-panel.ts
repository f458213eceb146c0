// The join code, large, with a QR code of the join link /join/CODE and the link written out; the projector
// uses a larger copy while few people have joined.
import QRCode from 'qrcode';
import { h } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import { setText } from './format';
import type { DashView, Panel } from './view';

export function joinUrlFor(origin: string, code: string): string {
  return `${origin}/join/${encodeURIComponent(code)}`;
}

/** The link with a line-break opportunity after each slash, so a narrow card breaks it there, not inside the host. */
function breakAtSlashes(text: string): (string | HTMLElement)[] {
  return text.split('/').flatMap((part, i) => (i === 0 ? [part] : ['/', h('wbr'), part]));
}

export function joinPanel(code: string, url: string, size: 'card' | 'wall'): Panel {
  const px = size === 'wall' ? 480 : 220;
  const qr = h('img', {
    class: size === 'wall' ? 'qr-wall' : 'qr qr--card',
    alt: t('facilitator.qr', { code }),
    width: String(px),
    height: String(px),
    'data-testid': size === 'wall' ? 'projector-qr' : 'join-qr',
  });
  void QRCode.toDataURL(url, { width: px, margin: 1, errorCorrectionLevel: 'M' }).then((data) => (qr.src = data));
  const headingId = `join-title-${size}`;
  const count = h('p', { class: 'join__count', 'data-testid': size === 'wall' ? 'projector-joined' : undefined });
  const display = url.replace(/^https?:\/\//, '');
  const element = h(
    'section',
    { class: `join join--${size}`, 'aria-labelledby': headingId },
    h(
      'div',
      { class: 'join__text' },
      h('h2', { id: headingId, class: 'join__title' }, t('dash.join.title')),
      h('p', { class: 'join__code', 'data-testid': size === 'wall' ? 'projector-join-code' : 'facilitator-join-code' }, code),
      h('p', { class: 'join__link' }, t('dash.join.scan'), ' ', h('strong', null, breakAtSlashes(display))),
      size === 'wall' ? count : null,
    ),
    qr,
  );
  return {
    element,
    update(view: DashView) {
      setText(count, plural('dash.projector.joined', view.model.presence.participants));
    },
  };
}
