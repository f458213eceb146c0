// The report block under a result: two municipalities to compare with (only those the server offers, with
// at least k respondents), "Download PDF" (the participant's token opens their own report), "Print" (the
// page has print styling) and a link to the sample report. Shared by the solo result page and the workshop
// participant's view (which leaves out "Print": its page is one statement, not the result).
import { ApiError, municipalitiesWithData, myReportPdf, type Municipality } from '../lib/api';
import { h } from '../lib/dom';
import { language, t } from '../lib/i18n';

export interface ReportTarget {
  sessionId: string;
  token: string;
  municipality: string; // the own municipality's code: already in every report
}

let offered: Promise<Municipality[]> | null = null;

export interface ReportPanelOptions {
  print?: boolean; // offer "Print" (default true)
}

export function reportPanel(target: ReportTarget, options: ReportPanelOptions = {}): HTMLElement {
  const status = h('p', { class: 'report-panel__status', role: 'status', 'aria-live': 'polite' });
  const selects = [1, 2].map((n) =>
    // data-key: a page that re-renders around the panel gives the focus back to the same control
    h('select', { 'data-testid': `compare-${n}`, 'data-key': `compare-${n}`, 'aria-label': t('result.compare', { n }) }, [
      h('option', { value: '' }, t('result.compareNone')),
    ]),
  ) as HTMLSelectElement[];
  offered ??= municipalitiesWithData().catch(() => []);
  void offered.then((list) => {
    for (const select of selects)
      for (const m of list)
        if (m.code !== target.municipality) select.append(h('option', { value: m.code }, m.name));
  });

  const download = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--primary',
      'data-testid': 'download-pdf',
      'data-key': 'download-pdf',
      onclick: async () => {
        download.disabled = true;
        status.textContent = t('result.downloading');
        try {
          const compare = [...new Set(selects.map((s) => s.value).filter((v) => v !== ''))];
          const pdf = await myReportPdf(target.sessionId, target.token, language(), compare);
          const url = URL.createObjectURL(pdf);
          const link = h('a', { href: url, download: `smart-city-self-assessment-${language()}.pdf` });
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
          status.textContent = '';
        } catch (err) {
          status.textContent = t('result.downloadFailed') + (err instanceof ApiError ? ` (${err.code})` : '');
        } finally {
          download.disabled = false;
        }
      },
    },
    t('result.download'),
  ) as HTMLButtonElement;

  return h(
    'section',
    { class: 'report-panel', 'data-testid': 'report-panel', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, t('result.report')),
    h('p', null, t('result.reportIntro')),
    h(
      'div',
      { class: 'report-panel__compare' },
      selects.map((select, i) => h('label', null, h('span', null, t('result.compare', { n: i + 1 })), select)),
    ),
    h(
      'p',
      { class: 'actions' },
      download,
      options.print === false
        ? null
        : h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => window.print() }, t('result.print')),
      h('a', { href: `/api/sample-report.pdf?lang=${language()}`, target: '_blank', rel: 'noopener' }, t('result.sample')),
    ),
    status,
  );
}
