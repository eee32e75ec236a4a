/**
 * A quarterly trend as server-rendered SVG: bars in greys with the value written above each and
 * the quarter below, so it reads without JavaScript, without colour and in print. Its text
 * alternative lists every value (`role="img"` with a title and description).
 */
import { type Html, html } from '@harbour/html';

export type TrendPoint = { label: string; value: number | null; text: string };

const WIDTH = 480;
const HEIGHT = 170;
const TOP = 22;
const BOTTOM = 34;
const LEFT = 8;

export function trendChart(options: { id: string; title: string; points: TrendPoint[]; percent: boolean }): Html {
  const { id, title, points, percent } = options;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = percent ? 100 : Math.max(1, ...values);
  const slot = (WIDTH - LEFT * 2) / Math.max(1, points.length);
  const barWidth = slot * 0.6;
  const plot = HEIGHT - TOP - BOTTOM;
  const description = points.map((p) => `${p.label}: ${p.text}`).join('; ');
  const last = points.length - 1;
  return html`<svg class="trend" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">
  <title id="${id}-title">${title}, last ${points.length} quarters</title>
  <desc id="${id}-desc">${description}</desc>
  <line x1="${LEFT}" y1="${TOP + plot}" x2="${WIDTH - LEFT}" y2="${TOP + plot}" stroke="#333333" stroke-width="1"></line>
  ${points.map((point, i) => {
    const x = LEFT + i * slot + (slot - barWidth) / 2;
    const height = point.value === null ? 0 : Math.max(point.value > 0 ? 1 : 0, (point.value / max) * plot);
    const y = TOP + plot - height;
    // The latest quarter is darker and outlined, so it stands out without colour.
    const fill = i === last ? '#222222' : '#8c8c8c';
    return html`<g data-quarter="${point.label}">
    <rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${fill}" stroke="#000000" stroke-width="${i === last ? 1.5 : 0.5}"></rect>
    <text x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 5).toFixed(1)}" text-anchor="middle" font-size="11" fill="#000000">${point.text}</text>
    <text x="${(x + barWidth / 2).toFixed(1)}" y="${HEIGHT - 18}" text-anchor="middle" font-size="10" fill="#000000">${point.label.slice(2)}</text>
  </g>`;
  })}
</svg>`;
}
