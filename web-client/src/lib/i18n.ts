// Language choice (Dutch by default, English remembered in localStorage), translation with {name}
// placeholders, and the <html lang> attribute. Listeners re-render when the language changes.
import { en, nl, type StringKey } from './strings';
import { keys, type KeyValueStore } from './storage';

export type Language = 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['nl', 'en'];

const tables: Record<Language, Record<StringKey, string>> = { nl, en };

let current: Language = 'nl';
let store: KeyValueStore | null = null;
const listeners = new Set<(lang: Language) => void>();

/** Reads the remembered language and sets <html lang>. */
export function initLanguage(s: KeyValueStore): Language {
  store = s;
  const saved = s.getItem(keys.language());
  current = saved === 'en' ? 'en' : 'nl';
  applyToDocument();
  return current;
}

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  if (lang === current) return;
  current = lang;
  store?.setItem(keys.language(), lang);
  applyToDocument();
  for (const l of listeners) l(lang);
}

export function onLanguageChange(listener: (lang: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The string for `key` in the current language, with `{name}` replaced by `params.name`. */
export function t(key: StringKey, params: Record<string, string | number> = {}, lang: Language = current): string {
  return format(tables[lang][key], params);
}

/** The keys that come in plural forms: `base.one` and `base.other` both exist (Dutch and English need no more). */
export type PluralKey = {
  [K in StringKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends StringKey ? Base : never) : never;
}[StringKey];

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The plural category of `count` in a language: 'one' or 'other' for Dutch and English. */
export function pluralCategory(count: number, lang: Language = current): 'one' | 'other' {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang === 'nl' ? 'nl-NL' : 'en-GB');
    pluralRules.set(lang, rules);
  }
  return rules.select(count) === 'one' ? 'one' : 'other';
}

/**
 * A count string in the form its number needs ("1 gemeente gevonden", "3 gemeenten gevonden"): `{n}` is the
 * count unless `params` says otherwise.
 */
export function plural(
  base: PluralKey,
  count: number,
  params: Record<string, string | number> = {},
  lang: Language = current,
): string {
  const key = `${base}.${pluralCategory(count, lang)}` as StringKey;
  return format(tables[lang][key], { n: count, ...params });
}

export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A t() over a page's own table of strings (`nl` and `en` with the same keys), for a page loaded on demand
 * (the provider's desk) that keeps its strings out of the participant's first download.
 */
export function translator<K extends string>(
  tables: Record<Language, Record<K, string>>,
): (key: K, params?: Record<string, string | number>, lang?: Language) => string {
  return (key, params = {}, lang = current) => format(tables[lang][key], params);
}

/** Numbers with the decimal separator of the language (1,5 in Dutch). */
export function formatNumber(value: number, digits = 1, lang: Language = current): string {
  return value.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function applyToDocument(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = current;
}

export { type StringKey };
