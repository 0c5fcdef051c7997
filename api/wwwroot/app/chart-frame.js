// A chart with its numbers one click away: a figure with a title, the chart (or, when it cannot be drawn, a
// message), a Table toggle, and CSV and PNG downloads. Every chart view goes through here.
import { h, notice, replace, table } from './dom.js';
import { saveBlob, saveCsv, svgToPngBlob } from './download.js';

/** True when the build's chart libraries loaded (the page degrades to tables without them). */
export const chartsAvailable = () => typeof window.Plot?.plot === 'function';

/**
 * name: a stable id (data-chart, file names); columns/rows: the numbers drawn, also the table and the CSV;
 * draw(): a Plot element, called only when `drawable` (some value to draw) and the libraries are there;
 * emptyReason: why nothing can be drawn when not drawable (shown above the table).
 */
export function chartFrame({ name, title, columns, rows, draw, drawable = rows.length > 0, emptyReason, note }) {
  const body = h('div', { class: 'chart-body' });
  const tableView = table(columns, rows, { caption: title });
  let chart = null;
  let problem = null;
  if (!drawable) problem = emptyReason ?? 'nothing to draw';
  else if (!chartsAvailable()) problem = 'the chart library was not loaded (see docs/dashboard.md); the numbers are in the table';
  else {
    try {
      chart = draw();
      chart.dataset.chart = name;
    } catch (e) {
      problem = `the chart could not be drawn: ${e.message}`;
      console.warn(`chart ${name}`, e);
    }
  }

  const showTable = h('button', { type: 'button', class: 'toggle', 'aria-pressed': 'false' }, 'Table');
  const png = h('button', { type: 'button', disabled: !chart }, 'PNG');
  const csv = h('button', { type: 'button' }, 'CSV');
  const figure = h('figure', { class: 'chart', dataset: { frame: name } },
    h('figcaption', {}, h('span', { class: 'title' }, title), h('span', { class: 'tools' }, showTable, csv, png)),
    note ? h('p', { class: 'note' }, note) : null,
    body);

  const render = tableShown => {
    showTable.setAttribute('aria-pressed', String(tableShown));
    replace(body, problem ? notice('info', problem) : null, tableShown || !chart ? tableView : chart);
  };
  showTable.addEventListener('click', () => render(showTable.getAttribute('aria-pressed') !== 'true'));
  csv.addEventListener('click', () => saveCsv(columns, rows, `${name}.csv`));
  png.addEventListener('click', async () => {
    const svg = chartSvg(chart);
    if (svg) saveBlob(await svgToPngBlob(svg), `${name}.png`);
  });
  render(false);
  return figure;
}

/** The plot's own SVG (Plot wraps it in a <figure> when it adds a legend; the legend swatches are HTML). */
export function chartSvg(chart) {
  if (!chart) return null;
  return chart.tagName.toLowerCase() === 'svg' ? chart : [...chart.querySelectorAll('svg')].at(-1);
}
