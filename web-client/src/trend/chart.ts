// The trend chart: the municipality's mean now and ambition per assessment, oldest first, as Chart.js lines.
// Workshops and the yearly solo groups are series of their own with their own marks (circles and solid lines,
// triangles and dotted lines); now is blue and filled, ambition brown and hollow, so neither colour nor shape
// alone carries the meaning. Only the parts a line chart needs are registered; loaded with the trend page.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { TrendSeries } from '../baseline/logic';
import { formatNumber } from '../lib/i18n';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = { current: '#1e40af', desired: '#92400e' } as const;

export interface TrendChartText {
  /** the x axis: one label (or lines) per point */
  labels: (string | string[])[];
  series: Record<TrendSeries['key'], string>;
  level: string;
}

export function drawTrend(canvas: HTMLCanvasElement, series: TrendSeries[], text: TrendChartText): Chart<'line'> {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: text.labels,
      datasets: series.map((s) => {
        const colour = COLOURS[s.aspect];
        const solo = s.kind === 'solo';
        return {
          label: text.series[s.key],
          data: s.data,
          borderColor: colour,
          backgroundColor: colour,
          pointBackgroundColor: s.aspect === 'current' ? colour : '#ffffff',
          pointBorderColor: colour,
          pointBorderWidth: 2.5,
          pointStyle: solo ? 'triangle' : 'circle',
          pointRadius: solo ? 8 : 6,
          pointHoverRadius: solo ? 10 : 8,
          borderWidth: 3,
          borderDash: solo ? [3, 5] : s.aspect === 'desired' ? [10, 4] : [],
          spanGaps: true,
          tension: 0,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: {
          min: 1,
          max: 5,
          ticks: { stepSize: 1, color: '#111827', font: { size: 13 } },
          title: { display: true, text: text.level, color: '#111827', font: { size: 13, weight: 'bold' } },
          grid: { color: '#e5e7eb' },
        },
        x: { ticks: { color: '#111827', font: { size: 12 }, maxRotation: 0, autoSkip: true }, grid: { display: false } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, color: '#111827', font: { size: 13 }, padding: 14 } },
        tooltip: {
          callbacks: {
            label: (item) => (item.parsed.y === null ? '' : `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y, 1)}`),
          },
        },
      },
    },
  });
}
