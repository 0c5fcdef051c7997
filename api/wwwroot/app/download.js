// Downloads of a chart's numbers (CSV, RFC 4180) and of its picture (PNG, the SVG rasterised on a canvas).

/** CSV text of rows by columns ({ key, label }); nulls are empty fields, numbers at full precision. */
export function toCsv(columns, rows) {
  const field = value => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map(c => field(c.label ?? c.key)), ...rows.map(r => columns.map(c => field(r[c.key])))];
  return lines.map(line => line.join(',')).join('\r\n') + '\r\n';
}

export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveCsv(columns, rows, fileName) {
  saveBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), fileName);
}

/**
 * A PNG of an SVG chart at `scale` × its size on a white background. The SVG is serialised with its computed
 * font so that the picture matches the screen; an <img> of an SVG data URL does not taint the canvas.
 */
export async function svgToPngBlob(svg, scale = 2) {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  copy.style.fontFamily = getComputedStyle(svg).fontFamily;
  const source = new XMLSerializer().serializeToString(copy);
  const image = new Image();
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(source);
  await image.decode();
  const canvas = Object.assign(document.createElement('canvas'), { width: Math.ceil(width * scale), height: Math.ceil(height * scale) });
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob(b => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}
