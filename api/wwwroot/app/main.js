// The strategist dashboard: hash routes to views. Each view gets the main element and a signal that aborts when
// the user navigates away (polling stops). Every view ends in data-state="ready" or "error" on <main>, which
// is what the browser tests wait for.
import { notice, replace } from './dom.js';
import { scenariosView } from './views/scenarios.js';
import { scenarioView } from './views/scenario.js';
import { submitView } from './views/submit.js';
import { batchesView } from './views/batches.js';
import { batchView } from './views/batch.js';

const routes = [
  [/^#?\/?(scenarios)?$/, 'scenarios', () => scenariosView],
  [/^#\/scenario\/([^/?]+)$/, 'scenarios', m => (main, signal) => scenarioView(main, signal, decodeURIComponent(m[1]))],
  [/^#\/submit(?:\?scenario=([^&]*))?$/, 'submit', m => (main, signal) => submitView(main, signal, m[1] ? decodeURIComponent(m[1]) : null)],
  [/^#\/batches(?:\?status=([A-Z]+))?$/, 'batches', m => (main, signal) => batchesView(main, signal, m[1] ?? null)],
  [/^#\/batch\/([^/?]+)$/, 'batches', m => (main, signal) => batchView(main, signal, decodeURIComponent(m[1]))],
];

let current = null;

async function route() {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const main = document.getElementById('view');
  main.dataset.state = 'loading';
  const hash = location.hash || '#/';
  const match = routes.map(([pattern, nav, view]) => [pattern.exec(hash), nav, view]).find(([m]) => m);
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('active', link.dataset.nav === match?.[1]);
  try {
    if (!match) throw new Error(`no page at ${hash}`);
    await match[2](match[0])(main, controller.signal);
    if (!controller.signal.aborted) main.dataset.state = 'ready';
  } catch (e) {
    if (controller.signal.aborted) return;
    replace(main, notice('error', e.message), hash === '#/' ? null : notice('info', 'Back to the ', linkTo('#/scenarios', 'scenarios'), '.'));
    main.dataset.state = 'error';
  }
}

function linkTo(href, text) {
  return Object.assign(document.createElement('a'), { href, textContent: text });
}

window.addEventListener('hashchange', route);
route();
