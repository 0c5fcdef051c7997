// Chart widths follow the page (a laptop screen or wider): a whole panel, or half of one for charts shown in
// pairs; heights stay modest so a view fits without scrolling far.
const panelChrome = 48 + 34; // main's padding and the panel's padding and border
const figureChrome = 20;     // a chart frame's padding and border

export function chartWidth(max = 1100) {
  const main = document.getElementById('view');
  return Math.max(320, Math.min(max, (main?.clientWidth ?? 1240) - panelChrome - figureChrome));
}

/** Two charts side by side in a panel (a chart grid's columns), one per row on a narrow screen. */
export function halfWidth() {
  const main = document.getElementById('view');
  const inner = (main?.clientWidth ?? 1240) - panelChrome;
  return Math.max(320, Math.floor((inner - 16) / 2) - figureChrome);
}
