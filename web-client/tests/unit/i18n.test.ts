// Every UI string exists in Dutch and English, is not empty, uses the same placeholders in both, and the
// language switch is remembered and sets <html lang>.
import { describe, expect, it } from 'vitest';
import { format, initLanguage, language, setLanguage, t } from '../../src/lib/i18n';
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
    expect(same.sort()).toEqual(['app.title', 'conn.offline', 'join.code', 'join.submit']);
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
