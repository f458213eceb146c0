// Every UI string exists in Dutch and English, is not empty, uses the same placeholders in both, and the
// language switch is remembered and sets <html lang>.
import { describe, expect, it } from 'vitest';
import { format, initLanguage, language, plural, pluralCategory, setLanguage, t, type StringKey } from '../../src/lib/i18n';
import { memoryStore } from '../../src/lib/storage';
import { en, nl } from '../../src/lib/strings';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('strings', () => {
  it('have the same keys in nl and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('are never empty and use the same placeholders in both languages', () => {
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(nl[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
    }
  });

  it('are translated, not copied (apart from names that are the same in both)', () => {
    const same = (Object.keys(nl) as (keyof typeof nl)[]).filter((k) => nl[k] === en[k]);
    // words that are the same in Dutch and English
    expect(same.sort()).toEqual(['app.title', 'conn.offline', 'join.code', 'join.submit', 'rm.status']);
  });
});

describe('language', () => {
  it('is Dutch by default and remembers English', () => {
    const store = memoryStore();
    expect(initLanguage(store)).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    expect(t('statement.next')).toBe('Volgende');
    setLanguage('en');
    expect(language()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(t('statement.next')).toBe('Next');
    expect(initLanguage(store)).toBe('en');
    setLanguage('nl');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{a} of {b}', { a: 1, b: 21 })).toBe('1 of 21');
    expect(format('{a} {missing}', { a: 'x' })).toBe('x {missing}');
    expect(t('statement.of', { n: 3, total: 21 }, 'en')).toBe('Statement 3 of 21');
  });
});

describe('plurals', () => {
  it('choose the form by count in both languages', () => {
    expect(plural('municipality.count', 1, {}, 'nl')).toBe('1 gemeente gevonden');
    expect(plural('municipality.count', 3, {}, 'nl')).toBe('3 gemeenten gevonden');
    expect(plural('municipality.count', 0, {}, 'nl')).toBe('0 gemeenten gevonden');
    expect(plural('municipality.count', 1, {}, 'en')).toBe('1 municipality found');
    expect(plural('municipality.count', 12, {}, 'en')).toBe('12 municipalities found');
    expect(plural('dash.projector.joined', 1, {}, 'nl')).toBe('1 deelnemer doet mee');
    expect(plural('dash.projector.joined', 2, {}, 'nl')).toBe('2 deelnemers doen mee');
    expect(plural('dash.projector.joined', 1, {}, 'en')).toBe('1 participant has joined');
    expect(plural('solo.incomplete', 1, {}, 'nl')).toContain('Nog 1 stelling open.');
    expect(plural('results.n', 1, {}, 'en')).toBe('1 answer');
    expect(plural('conn.waiting', 2, {}, 'nl')).toBe('2 antwoorden wachten op verzending');
    expect(plural('conn.waitingChanges', 2, {}, 'nl')).toBe('2 wijzigingen wachten op verzending');
    expect(plural('replay.state', 1, { round: 'Ronde 1', revealed: 'x' }, 'nl')).toBe('Ronde 1 · 1 deelnemer · x');
    expect(pluralCategory(1, 'nl')).toBe('one');
    expect(pluralCategory(0, 'en')).toBe('other');
    expect(pluralCategory(1.5, 'en')).toBe('other');
  });

  it('uses the current language by default', () => {
    initLanguage(memoryStore());
    expect(plural('results.n', 1)).toBe('1 antwoord');
    setLanguage('en');
    expect(plural('results.n', 5)).toBe('5 answers');
    setLanguage('nl');
  });

  it('exist in both forms for every count string, and no count string goes without them', () => {
    const keys = Object.keys(nl) as StringKey[];
    for (const key of keys) {
      if (key.endsWith('.one')) expect(keys, key).toContain(key.replace(/\.one$/, '.other'));
    }
    // a count followed by a counted noun ("{n} deelnemers") must have a singular form; ordinals and
    // "n of 21" (where the noun agrees with 21) are fine as they are
    const counted = /\{(n|count)\} (gemeenten|antwoorden|deelnemers|stellingen|respondenten)\b/;
    const offenders = keys.filter((k) => counted.test(nl[k]) && !k.endsWith('.other'));
    expect(offenders).toEqual([]);
  });
});
