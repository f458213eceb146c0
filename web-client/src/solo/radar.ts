// The Chart.js radar of current against desired. Only the parts a radar needs are registered, and the
// module is loaded on demand so the statement screens stay small. Lines differ by dash and point shape too.
import {
  Chart,
  Filler,
  Legend,
  LineElement,
  PointElement,
  RadarController,
  RadialLinearScale,
  Tooltip,
} from 'chart.js';
import type { ScoreRow } from './scores';

Chart.register(RadarController, RadialLinearScale, PointElement, LineElement, Filler, Legend, Tooltip);

export interface RadarLabels {
  current: string;
  desired: string;
}

export function drawRadar(canvas: HTMLCanvasElement, rows: ScoreRow[], labels: RadarLabels): Chart<'radar'> {
  const short = rows.length > 8;
  return new Chart(canvas, {
    type: 'radar',
    data: {
      labels: rows.map((r) => (short ? r.key : r.label)),
      datasets: [
        {
          label: labels.current,
          data: rows.map((r) => r.current ?? 0),
          borderColor: '#1d4ed8',
          backgroundColor: 'rgba(29, 78, 216, 0.15)',
          pointStyle: 'circle',
          pointRadius: 4,
          borderWidth: 2,
          fill: true,
        },
        {
          label: labels.desired,
          data: rows.map((r) => r.desired ?? 0),
          borderColor: '#b45309',
          backgroundColor: 'rgba(180, 83, 9, 0.08)',
          borderDash: [6, 4],
          pointStyle: 'triangle',
          pointRadius: 5,
          borderWidth: 2,
          fill: true,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: true,
      animation: false,
      scales: {
        r: {
          min: 0,
          max: 5,
          ticks: { stepSize: 1, color: '#374151', backdropColor: 'rgba(255,255,255,0.8)' },
          pointLabels: { color: '#111827', font: { size: short ? 12 : 13 } },
          grid: { color: '#d1d5db' },
          angleLines: { color: '#d1d5db' },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, color: '#111827' } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const i = items[0]?.dataIndex ?? 0;
              return rows[i]?.label ?? '';
            },
          },
        },
      },
    },
  });
}
