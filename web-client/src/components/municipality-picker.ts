// Municipality search for the solo start and workshop creation: a labelled search field and the matches
// as a radio group (GET /api/municipalities?q=), so keyboard and screen-reader users can choose too.
import { searchMunicipalities, type Municipality } from '../lib/api';
import { h, replaceChildren, uid } from '../lib/dom';
import { plural, t } from '../lib/i18n';

export interface MunicipalityPicker {
  element: HTMLElement;
  selected: () => Municipality | null;
}

export function municipalityPicker(onChange: (m: Municipality | null) => void = () => {}): MunicipalityPicker {
  const inputId = uid('muni');
  const hintId = uid('muni-hint');
  let selected: Municipality | null = null;
  let controller: AbortController | null = null;
  let timer = 0;

  const status = h('p', { class: 'muni__status', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'muni__list' });
  const chosen = h('p', { class: 'muni__chosen', 'data-testid': 'municipality-chosen' });
  const input = h('input', {
    id: inputId,
    type: 'search',
    class: 'input',
    autocomplete: 'off',
    'aria-describedby': hintId,
    'data-testid': 'municipality-search',
    oninput: () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void search(input.value), 200);
    },
  });

  const choose = (m: Municipality) => {
    selected = m;
    chosen.textContent = t('municipality.chosen', { name: m.name });
    onChange(m);
  };

  async function search(query: string): Promise<void> {
    controller?.abort();
    controller = new AbortController();
    try {
      const found = await searchMunicipalities(query, 12, controller.signal);
      status.textContent = found.length ? plural('municipality.count', found.length) : t('municipality.none');
      const name = uid('muni-choice');
      replaceChildren(
        list,
        found.length
          ? h(
              'fieldset',
              { class: 'muni__options' },
              h('legend', { class: 'visually-hidden' }, t('municipality.label')),
              found.map((m) =>
                h(
                  'label',
                  { class: 'muni__option' },
                  h('input', {
                    type: 'radio',
                    name,
                    value: m.code,
                    checked: selected?.code === m.code,
                    onchange: () => choose(m),
                  }),
                  h('span', null, m.name),
                ),
              ),
            )
          : null,
      );
      // a unique exact match is chosen for the user
      if (found.length === 1 && found[0]) {
        choose(found[0]);
        const radio = list.querySelector('input');
        if (radio) radio.checked = true;
      }
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      status.textContent = t('common.error', { message: (err as Error).message });
    }
  }

  const element = h(
    'div',
    { class: 'muni' },
    h('label', { for: inputId, class: 'label' }, t('municipality.search')),
    h('p', { id: hintId, class: 'hint' }, t('municipality.hint')),
    input,
    status,
    list,
    chosen,
  );
  return { element, selected: () => selected };
}
