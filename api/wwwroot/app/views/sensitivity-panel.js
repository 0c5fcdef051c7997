// Tornado and Spearman ranking of every uncertain parameter for one (entity, metric, year), from Batch.sensitivity;
// for a strategy-set batch, of the chosen member (its strategy argument).
import { gql } from '../graphql.js';
import { h, notice, replace, select } from '../dom.js';
import { number } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { spearmanChart, tornadoChart } from '../charts/tornado.js';
import { entityOptions } from './results.js';
import { memberSelect } from './v2-scope.js';

const query = `query Sensitivity($id: ID!, $entity: String!, $metric: String!, $year: Int!, $strategy: String) {
  batch(id: $id) { sensitivity(entity: $entity, metric: $metric, year: $year, strategy: $strategy) {
    entity metric year
    tornado { base parameters { path inputLow inputHigh outputLow outputHigh swing } }
    spearman { trials parameters { path rho count } }
  } }
}`;

/** How many bars a chart shows (the table lists every parameter). */
export const shownBars = 15;

export async function sensitivityPanel(content, signal, batch) {
  const entities = entityOptions(batch.scenario);
  const memberChooser = memberSelect(batch);
  const form = h('form', { class: 'inline', name: 'sensitivity' },
    memberChooser ? h('label', {}, 'member ', memberChooser) : null,
    h('label', {}, 'entity ', select('entity', entities, entities.Routes[0]?.[0] ?? 'world')),
    h('label', {}, 'metric ', select('metric', ['costUsdPerKWh', 'outputGWh', 'yield', 'utilization', 'materialsUsdPerKWh', 'capitalUsdPerKWh'], 'costUsdPerKWh')),
    h('label', {}, 'year ', select('year', batch.years.map(String), String(batch.years.at(-1)))),
    h('button', { type: 'submit' }, 'Rank parameters'));
  const charts = h('div');
  const load = async () => {
    const f = new FormData(form);
    const member = memberChooser ? f.get('member') : null;
    const variables = { id: batch.id, entity: f.get('entity'), metric: f.get('metric'), year: Number(f.get('year')), strategy: member };
    replace(charts, notice('info', 'Ranking the parameters…'));
    const { batch: b } = await gql(query, variables);
    if (signal.aborted) return;
    replace(charts, frames(b.sensitivity, member));
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    load().catch(e => replace(charts, notice('error', e.message)));
  });
  replace(content, form, charts);
  await load();
}

function frames(s, member) {
  const what = `${member ? `${member}: ` : ''}${s.entity}, ${s.metric}, ${s.year}`;
  const bars = s.tornado.parameters.filter(p => p.swing !== null && p.outputLow !== null && p.outputHigh !== null).slice(0, shownBars);
  const ranks = s.spearman.parameters.filter(p => p.rho !== null).slice(0, shownBars);
  return h('div', {},
    chartFrame({
      name: 'tornado', title: `Tornado: ${what} (base ${number(s.tornado.base)})`,
      columns: ['path', 'inputLow', 'inputHigh', 'outputLow', 'outputHigh', 'swing'].map(key => ({ key, format: key === 'path' ? null : number })),
      rows: s.tornado.parameters, drawable: bars.length > 0,
      emptyReason: `The metric is undefined at the medians or no parameter moves it (${what}): no swing to draw.`,
      note: `The ${Math.min(shownBars, bars.length)} largest swings; blue: the output rises with the parameter, orange: it falls; `
        + `the line is the base. The table lists all ${s.tornado.parameters.length} uncertain parameters.`,
      draw: () => tornadoChart(bars, s.tornado.base, s.metric),
    }),
    chartFrame({
      name: 'spearman', title: `Spearman rank correlation: ${what} (${number(s.spearman.trials)} trials)`,
      columns: [{ key: 'path' }, { key: 'rho', format: number }, { key: 'count', format: number }],
      rows: s.spearman.parameters, drawable: ranks.length > 0,
      emptyReason: `No trial defines the metric (${what}): no correlation to draw.`,
      note: `The ${Math.min(shownBars, ranks.length)} strongest by |rho| (blue positive, orange negative).`,
      draw: () => spearmanChart(ranks),
    }));
}
