// A Chart.js bar chart of one distribution (levels 1..5), updated in place with update('none') so live
// frames never redraw from scratch. Desired bars are hatched, not only differently coloured; every bar
// carries its count as text above it. Loaded on demand with the dashboard.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type Plugin } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export type BarKind = 'current' | 'desired';

export interface BarChartHandle {
  /** the counts per level 1..5, on a y axis up to `max` (shared by current and desired, so they compare) */
  set(counts: number[], max: number): void;
  setLarge(large: boolean): void;
  destroy(): void;
}

const COLOURS: Record<BarKind, string> = { current: '#1e40af', desired: '#92400e' };

/** Diagonal white stripes over the colour: the desired bars differ by pattern as well as hue. */
function hatch(colour: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 10;
  const g = tile.getContext('2d');
  if (!g) return colour;
  g.fillStyle = colour;
  g.fillRect(0, 0, 10, 10);
  g.strokeStyle = 'rgba(255,255,255,0.55)';
  g.lineWidth = 2.5;
  g.beginPath();
  g.moveTo(-2, 12);
  g.lineTo(12, -2);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(8, 12);
  g.lineTo(12, 8);
  g.stroke();
  return g.createPattern(tile, 'repeat') ?? colour;
}

/** Writes each bar's count above it (readable from the back of the room). */
const countLabels: Plugin<'bar'> = {
  id: 'scsaCounts',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0]?.data ?? [];
    const size = (chart.options as { scsaLarge?: boolean }).scsaLarge ? 22 : 14;
    ctx.save();
    ctx.fillStyle = '#111827';
    ctx.font = `700 ${size}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    meta.data.forEach((bar, i) => {
      const value = Number(data[i] ?? 0);
      const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
      ctx.fillText(String(value), x, y - 4);
    });
    ctx.restore();
  },
};

export function createBarChart(canvas: HTMLCanvasElement, kind: BarKind): BarChartHandle {
  const fill = kind === 'desired' ? hatch(COLOURS.desired) : COLOURS.current;
  let large = false;
  const tickFont = () => ({ size: large ? 22 : 15, weight: 700 as const });
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: ['1', '2', '3', '4', '5'],
      datasets: [
        {
          data: [0, 0, 0, 0, 0],
          backgroundColor: fill as string,
          borderColor: COLOURS[kind],
          borderWidth: 2,
          borderRadius: 4,
          maxBarThickness: 120,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: 26 } },
      scales: {
        x: { ticks: { color: '#111827', font: tickFont(), autoSkip: false, maxRotation: 0 }, grid: { display: false } },
        y: {
          beginAtZero: true,
          max: 4,
          ticks: { precision: 0, color: '#374151', font: { size: 12 } },
          grid: { color: '#e5e7eb' },
        },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
    },
    plugins: [countLabels],
  });
  return {
    set(counts, max) {
      const ds = chart.data.datasets[0];
      if (!ds) return;
      const y = chart.options.scales!.y as { max?: number };
      const top = Math.max(4, max);
      if ((ds.data as number[]).every((v, i) => v === counts[i]) && y.max === top) return;
      ds.data = counts.slice();
      y.max = top;
      chart.update('none');
    },
    setLarge(value) {
      if (value === large) return;
      large = value;
      (chart.options as { scsaLarge?: boolean }).scsaLarge = value;
      (chart.options.scales!.x as { ticks: { font: unknown } }).ticks.font = tickFont();
      chart.update('none');
    },
    destroy: () => chart.destroy(),
  };
}
