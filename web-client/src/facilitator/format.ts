// Numbers and labels as the dashboard writes them: decimals in the language's style, signed gaps with a
// real minus sign, consensus in words with its value, and a dash for "no answers".
import { formatNumber, t } from '../lib/i18n';
import type { AspectKey } from './model';
import { consensusLevel, type ConsensusLevel } from './analysis';

export const NONE = '–';

export function fmt(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NONE : formatNumber(value, digits);
}

/** +1,4 / −0,3 / 0,0 */
export function fmtSigned(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  const rounded = Number(value.toFixed(digits));
  const body = formatNumber(Math.abs(rounded), digits);
  return rounded > 0 ? `+${body}` : rounded < 0 ? `−${body}` : body;
}

export function consensusWord(level: ConsensusLevel): string {
  return t(`dash.consensus.${level}`);
}

/** "matige overeenstemming (0,62, nu)" or "nog geen antwoorden". */
export function consensusText(value: number | null, aspect?: AspectKey | null): string {
  const level = consensusLevel(value);
  if (level === 'none') return consensusWord(level);
  if (!aspect) return `${consensusWord(level)} (${fmt(value, 2)})`;
  return t('dash.consensusOf', {
    label: consensusWord(level),
    value: fmt(value, 2),
    aspect: t(aspect === 'current' ? 'aspect.current.short' : 'aspect.desired.short').toLowerCase(),
  });
}

/** Sets text only when it changed, so live updates do not touch the DOM needlessly. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
