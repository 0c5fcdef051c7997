// Small DOM helpers: elements, messages and tables. Every value goes in as text, never as HTML.

/** h('a', { href: '#/x', class: 'y' }, 'text', child…); null and false children are skipped. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** A readable notice: kind is info, warning or error (a view's bad state, never a blank page). */
export function notice(kind, ...text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...text);
}

/**
 * A table of rows (objects) by columns ({ key, label, format }); nulls show as an em dash, numbers right-aligned.
 * `caption` says what the table is; an empty row list says so in a row rather than showing nothing.
 */
export function table(columns, rows, { caption, className } = {}) {
  const head = h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c.label ?? c.key)));
  const body = rows.length
    ? rows.map(row => h('tr', {}, columns.map(c => {
        const value = row[c.key];
        const shown = c.format ? c.format(value, row) : value;
        return h('td', { class: typeof value === 'number' ? 'num' : null }, shown === null || shown === undefined || shown === '' ? '—' : shown);
      })))
    : [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, 'no rows'))];
  return h('table', { class: className ?? 'data' }, caption ? h('caption', {}, caption) : null, h('thead', {}, head), h('tbody', {}, body));
}

/** A select of options ([value, label] pairs or strings), optionally grouped: { 'Routes': [...] }. */
export function select(name, options, selected, attributes = {}) {
  const option = o => {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value, selected: String(value) === String(selected) }, label);
  };
  const content = Array.isArray(options)
    ? options.map(option)
    : Object.entries(options).filter(([, list]) => list.length).map(([group, list]) => h('optgroup', { label: group }, list.map(option)));
  return h('select', { name, ...attributes }, content);
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/**
 * For a view that reloads on every change of its controls: each call of the returned function starts a load and gives
 * it a check that says whether its answer is stale, because a later load started or the view was left (`signal`). An
 * answer arriving late for an earlier choice must not replace the last one's.
 */
export function lastLoadOnly(signal) {
  let latest = 0;
  return () => {
    const ticket = ++latest;
    return () => signal.aborted || ticket !== latest;
  };
}
