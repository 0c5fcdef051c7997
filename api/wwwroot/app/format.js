// Number and time formats used across views: fixed significant digits, so tables line up and nothing overflows.

const grouped = new Intl.NumberFormat('en-US');

/** Also used directly as a table column's format(value, row): a non-number second argument means the default. */
export function number(value, digits) {
  digits = typeof digits === 'number' ? digits : 4;
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return grouped.format(value);
  if (value !== 0 && (Math.abs(value) >= 1e9 || Math.abs(value) < 1e-4)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
}

export function percent(value, digits = 1) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)} %`;
}

export function seconds(value) {
  if (value === null || value === undefined) return 'unknown';
  if (value < 60) return `${value.toFixed(value < 10 ? 1 : 0)} s`;
  if (value < 3600) return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
  return `${Math.floor(value / 3600)} h ${Math.round((value % 3600) / 60)} min`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '—';
}

/** The metric's unit for axis labels (metric names end with their unit, e.g. costUsdPerKWh). */
export function metricLabel(metric) {
  const units = [['UsdPerKWh', 'USD/kWh'], ['GWh', 'GWh']];
  for (const [suffix, unit] of units) if (metric.endsWith(suffix)) return `${metric.slice(0, -suffix.length)} (${unit})`;
  return metric;
}
