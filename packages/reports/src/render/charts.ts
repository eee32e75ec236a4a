/**
 * Charts drawn with chart.js on a server-side canvas (@napi-rs/canvas) and encoded as JPEG.
 * The background is painted opaque white and the image has no alpha channel: pdfkit separates
 * a PNG's alpha in JavaScript, which made a report with ten charts four times slower.
 */
import { createCanvas } from '@napi-rs/canvas';
// chart.js ships a CommonJS build (dist/chart.cjs, which `require` loads) but declares its types
// for the ES build only, so TypeScript reports the import as an ES module required from CommonJS.
// @ts-expect-error TS1479: the types are right and the CommonJS build is what runs.
import { type ChartConfiguration, Chart as ChartJs, type Plugin, registerables } from 'chart.js';
import type { Chart, Figure } from '../model';

ChartJs.register(...registerables);

const WIDTH = 800;
const ROW_HEIGHT = 28;
const COLOURS = { value: '#1f5f8b', interval: '#7fa7c4', benchmark: '#d9822b' };

const opaqueBackground: Plugin = {
  id: 'opaqueBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Long labels over several lines of at most 28 characters. */
function wrap(label: string): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= 28) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const shown = (figure: Figure) => (figure.suppressed ? null : figure.value);
const benchmarkOf = (figure: Figure) => (figure.benchmark?.suppressed ? null : (figure.benchmark?.value ?? null));

function configuration(chart: Chart, figures: Figure[]): ChartConfiguration {
  const labels = figures.map((f) => wrap(f.label));
  const percent = figures.every((f) => f.unit === 'percent');
  const benchmark = figures.find((f) => f.benchmark)?.benchmark;
  const scale = {
    x: { beginAtZero: true, ...(percent ? { max: 100 } : {}) },
    y: { ticks: { autoSkip: false } },
  };
  const common = {
    indexAxis: 'y' as const,
    responsive: false,
    animation: false as const,
    devicePixelRatio: 1,
    plugins: { legend: { display: true, position: 'bottom' as const }, title: { display: false } },
    scales: scale,
  };
  if (chart.kind === 'bar') {
    return {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'This report', data: figures.map(shown), backgroundColor: COLOURS.value },
          ...(benchmark
            ? [{ label: benchmark.label, data: figures.map(benchmarkOf), backgroundColor: COLOURS.benchmark }]
            : []),
        ],
      },
      options: common,
      plugins: [opaqueBackground],
    };
  }
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: '95% interval',
          data: figures.map((f) => (f.suppressed || !f.ci95 ? null : f.ci95)) as unknown as number[],
          backgroundColor: COLOURS.interval,
          barThickness: 8,
        },
        {
          type: 'line',
          label: 'Rate',
          data: figures.map(shown),
          showLine: false,
          pointRadius: 6,
          pointBackgroundColor: COLOURS.value,
          borderColor: COLOURS.value,
          indexAxis: 'y',
        },
        ...(benchmark
          ? [
              {
                type: 'line' as const,
                label: benchmark.label,
                data: figures.map(benchmarkOf),
                showLine: false,
                pointRadius: 9,
                pointStyle: 'triangle' as const,
                pointBackgroundColor: COLOURS.benchmark,
                borderColor: COLOURS.benchmark,
                indexAxis: 'y' as const,
              },
            ]
          : []),
      ],
    },
    options: common,
    plugins: [opaqueBackground],
  } as ChartConfiguration;
}

/** One chart as a JPEG (no alpha), with its pixel size. */
export async function renderChart(
  chart: Chart,
  figures: Figure[],
): Promise<{ image: Buffer; width: number; height: number }> {
  const height =
    80 +
    ROW_HEIGHT * Math.max(figures.length, 2) * (chart.kind === 'bar' && figures.some((f) => f.benchmark) ? 1.4 : 1);
  const canvas = createCanvas(WIDTH, Math.round(height));
  const instance = new ChartJs(
    canvas.getContext('2d') as unknown as ConstructorParameters<typeof ChartJs>[0],
    configuration(chart, figures),
  );
  try {
    return { image: await canvas.encode('jpeg', 88), width: WIDTH, height: Math.round(height) };
  } finally {
    instance.destroy();
  }
}

/**
 * The summary's trend: cases opened a quarter (bars) and the share whose abuse had all stopped
 * (a line with points, on a 0–100% axis), in greys and black so it prints in greyscale. A
 * hidden figure leaves a gap.
 */
export async function renderTrendChart(
  points: { label: string; opened: Figure | undefined; stopped: Figure | undefined }[],
): Promise<{ image: Buffer; width: number; height: number }> {
  const height = 300;
  const canvas = createCanvas(WIDTH, height);
  const value = (f: Figure | undefined) => (f && !f.suppressed ? f.value : null);
  const instance = new ChartJs(
    canvas.getContext('2d') as unknown as ConstructorParameters<typeof ChartJs>[0],
    {
      type: 'bar',
      data: {
        labels: points.map((p) => p.label),
        datasets: [
          {
            type: 'line',
            label: 'All abuse stopped (%, right axis)',
            data: points.map((p) => value(p.stopped)),
            borderColor: '#000000',
            backgroundColor: '#000000',
            pointRadius: 5,
            pointStyle: 'rectRot',
            spanGaps: false,
            yAxisID: 'percent',
          },
          {
            type: 'bar',
            label: 'Cases opened (left axis)',
            data: points.map((p) => value(p.opened)),
            backgroundColor: '#9a9a9a',
            borderColor: '#333333',
            borderWidth: 1,
            yAxisID: 'count',
          },
        ],
      },
      options: {
        responsive: false,
        animation: false,
        devicePixelRatio: 1,
        plugins: { legend: { display: true, position: 'bottom' } },
        scales: {
          count: { type: 'linear', position: 'left', beginAtZero: true },
          percent: { type: 'linear', position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false } },
        },
      },
      plugins: [opaqueBackground],
    } as ChartConfiguration,
  );
  try {
    return { image: await canvas.encode('jpeg', 88), width: WIDTH, height };
  } finally {
    instance.destroy();
  }
}
