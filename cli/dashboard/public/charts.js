// Charts drawn with uPlot (bundled with the package, loaded by index.html as the global `uPlot`).
import { percent, usd, usdAxis } from './format.js';

const GRID = '#eef0f4';
const TIER_COLORS = ['#16a34a', '#2563eb', '#9333ea', '#ea580c', '#0891b2', '#db2777', '#65a30d'];
const charts = new Map();

export function tierColor(index) {
  return TIER_COLORS[index % TIER_COLORS.length];
}

function axes(yValues) {
  const common = { stroke: '#6b7280', grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 } };
  return [
    { ...common, space: 70 },
    { ...common, size: 64, values: (_, ticks) => ticks.map(yValues) },
  ];
}

function sizeOf(container) {
  return { width: Math.max(280, container.clientWidth), height: 230 };
}

/** Replaces the chart in `container` (charts are rebuilt on every view: their series change with the filters). */
function draw(container, options, data) {
  charts.get(container)?.destroy();
  container.replaceChildren();
  const chart = new uPlot({ ...sizeOf(container), ...options }, data, container);
  charts.set(container, chart);
  return chart;
}

const timeScale = (per) => ({
  // Timestamps in ms, shown in UTC (the store's hours and days are UTC).
  ms: 1,
  tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
  scales: { x: { time: true } },
  legend: { live: true },
  cursor: { points: { size: 7 } },
  series: [{ label: per === 'day' ? 'day (UTC)' : 'hour (UTC)', value: '{YYYY}-{MM}-{DD} {HH}:{mm}' }],
});

export function spendChart(container, series) {
  const base = timeScale(series.per);
  // Each bar starts at its bucket's start (align 1), so it covers its own hour or day.
  const bars = uPlot.paths.bars({ size: [0.8, 60], align: 1 });
  draw(
    container,
    {
      ...base,
      axes: axes(usdAxis),
      // The x range runs to the end of the last bucket, so its bar shows whole.
      scales: {
        x: { time: true, range: (_, min, max) => [min, max + (series.per === 'day' ? 86_400_000 : 3_600_000)] },
        y: { range: (_, min, max) => [0, Math.max(max * 1.1, 1)] },
      },
      // Premium-only first, as a pale bar behind: the spend bar in front shows how much of it was saved.
      series: [
        base.series[0],
        {
          label: 'premium-only',
          value: (_, v) => usd(v),
          fill: 'rgba(245, 158, 11, 0.16)',
          stroke: '#f59e0b',
          paths: bars,
          points: { show: false },
        },
        {
          label: 'spend',
          value: (_, v) => usd(v),
          fill: 'rgba(37, 99, 235, 0.8)',
          stroke: '#2563eb',
          paths: bars,
          points: { show: false },
        },
      ],
    },
    [series.atMs, series.baselineMicroUsd, series.costMicroUsd],
  );
}

export function rateChart(container, series, tiers, rates) {
  const base = timeScale(series.per);
  draw(
    container,
    {
      ...base,
      axes: axes((v) => percent(v, 0)),
      scales: { x: { time: true }, y: { range: [0, 1] } },
      series: [
        base.series[0],
        ...tiers.map((tier, index) => ({
          label: tier,
          value: (_, v) => percent(v),
          stroke: tierColor(index),
          width: 2,
          spanGaps: false,
          points: { show: series.atMs.length < 60, size: 5, fill: tierColor(index) },
        })),
      ],
    },
    [series.atMs, ...rates],
  );
}

/** Charts follow their cards' width. */
export function watchResize() {
  let pending;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      for (const [container, chart] of charts) chart.setSize(sizeOf(container));
    }, 120);
  });
}
