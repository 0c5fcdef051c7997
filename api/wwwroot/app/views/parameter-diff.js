// A what-if against its parent: parameters whose value differs, appears or disappears (by canonical path),
// entities added or removed, and the paired comparisons when the what-if replaces them.
import { h, table } from '../dom.js';

export function parameterChanges(parentParameters, parameters) {
  const before = new Map(parentParameters.map(p => [p.path, p]));
  const after = new Map(parameters.map(p => [p.path, p]));
  const rows = [];
  for (const p of parameters) {
    const old = before.get(p.path);
    if (!old) rows.push({ path: p.path, change: 'added', parent: null, whatIf: p.text, source: p.source });
    else if (old.text !== p.text) rows.push({ path: p.path, change: 'changed', parent: old.text, whatIf: p.text, source: p.source });
  }
  for (const p of parentParameters) if (!after.has(p.path)) rows.push({ path: p.path, change: 'removed', parent: p.text, whatIf: null, source: p.source });
  return rows;
}

function entityChanges(parent, scenario) {
  const rows = [];
  for (const kind of ['routes', 'regions', 'plants']) {
    const before = new Set(parent[kind].map(e => e.id));
    const after = new Set(scenario[kind].map(e => e.id));
    for (const id of after) if (!before.has(id)) rows.push({ entity: `${kind.slice(0, -1)}:${id}`, change: 'added' });
    for (const id of before) if (!after.has(id)) rows.push({ entity: `${kind.slice(0, -1)}:${id}`, change: 'removed' });
  }
  return rows;
}

const comparisonKey = c => `${c.a} vs ${c.b} (${c.metric})`;

export function parentDiff(scenario, parent) {
  const parameters = parameterChanges(parent.parameters, scenario.parameters);
  const entities = entityChanges(parent, scenario);
  const before = parent.comparisons.map(comparisonKey);
  const after = scenario.comparisons.map(comparisonKey);
  const comparisonsChanged = before.join('|') !== after.join('|');
  return h('div', { class: 'diff' },
    parameters.length
      ? table([{ key: 'path' }, { key: 'change' }, { key: 'parent', label: parent.id }, { key: 'whatIf', label: scenario.id }, { key: 'source' }],
          parameters, { caption: `${parameters.length} parameter(s) differ`, className: 'data diff-parameters' })
      : h('p', { class: 'diff-none' }, 'No parameter differs from the parent.'),
    entities.length ? table([{ key: 'entity' }, { key: 'change' }], entities, { caption: 'entities' }) : null,
    comparisonsChanged
      ? table([{ key: 'parent', label: parent.id }, { key: 'whatIf', label: scenario.id }],
          Array.from({ length: Math.max(before.length, after.length) }, (_, i) => ({ parent: before[i] ?? null, whatIf: after[i] ?? null })),
          { caption: 'paired comparisons (replaced)' })
      : null);
}
