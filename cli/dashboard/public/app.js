// The dashboard page: filters in the URL (a view can be bookmarked and shared), one call for the first view,
// breakdowns beyond it and a request's ledger loaded when asked.
import { rateChart, spendChart, watchResize } from './charts.js';
import { el, utc } from './format.js';
import { groupTable, kpis, taskBars } from './render.js';
import { budgetTable, experimentTable, ledgerView, requestTable } from './tables.js';

const RANGES = ['1h', '6h', '24h', '7d', '30d', '90d', 'all'];
const TABS = [
  ['model', 'model'],
  ['tier', 'tier'],
  ['provider', 'provider'],
  ['session', 'session'],
  ['key', 'gateway key'],
  ['experiment', 'experiment arm'],
  ['kind', 'kind'],
  ['user', 'user'],
  ['batch', 'batch'],
];
/** Breakdowns the first view carries; the other tabs load from /api/groups when opened. */
const IN_FIRST_VIEW = new Set(['model']);

const $ = (id) => document.getElementById(id);
const state = { params: new URLSearchParams(location.search), tab: 'model', view: undefined };

function query(extra = {}) {
  const params = new URLSearchParams();
  for (const name of ['range', 'since', 'until', 'task', 'per']) {
    const value = state.params.get(name);
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  if (!response.ok) throw new Error(body.error ?? `${response.status}`);
  return body;
}

function setParam(name, value) {
  if (value) state.params.set(name, value);
  else state.params.delete(name);
  if (name === 'range') {
    state.params.delete('since');
    state.params.delete('until');
  }
  const search = state.params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
  void load();
}

function renderFilters(view) {
  const range = view?.query.range ?? state.params.get('range') ?? '24h';
  $('ranges').replaceChildren(
    ...RANGES.map((name) =>
      el('button', {
        type: 'button',
        role: 'radio',
        'aria-checked': String(name === range),
        class: name === range ? 'on' : '',
        text: name,
        onclick: () => setParam('range', name),
      }),
    ),
  );
  if (view) {
    const select = $('task');
    const chosen = view.query.task ?? '';
    const tasks = view.tasks.includes(chosen) || !chosen ? view.tasks : [...view.tasks, chosen];
    select.replaceChildren(
      el('option', { value: '', text: 'all tasks' }),
      ...tasks.map((task) => el('option', { value: task, text: task })),
    );
    select.value = chosen;
    $('per').value = state.params.get('per') ?? 'auto';
  }
}

function windowText(view) {
  const q = view.query;
  const from =
    q.sinceMs !== undefined
      ? `since ${utc(q.sinceMs)}`
      : view.firstMs !== undefined
        ? `everything kept (since ${utc(view.firstMs)})`
        : 'everything kept';
  const until = q.untilMs !== undefined ? ` until ${utc(q.untilMs)}` : '';
  const task = q.task ? ` · task ${q.task}` : '';
  return `${from}${until}${task} · per ${q.per} · read ${utc(view.generatedAtMs, true)}`;
}

function renderTab() {
  const view = state.view;
  $('breakdown-name').textContent = TABS.find(([by]) => by === state.tab)?.[1] ?? state.tab;
  $('tabs').replaceChildren(
    ...TABS.map(([by, label]) =>
      el('button', {
        type: 'button',
        role: 'tab',
        'aria-selected': String(by === state.tab),
        class: by === state.tab ? 'on' : '',
        text: label,
        dataset: { tab: by },
        onclick: () => ((state.tab = by), renderTab()),
      }),
    ),
  );
  const holder = $('breakdown');
  if (IN_FIRST_VIEW.has(state.tab)) {
    holder.replaceChildren(groupTable(state.tab, view.groups[state.tab], view.total.costMicroUsd));
    return;
  }
  holder.replaceChildren(el('p', { class: 'muted', text: `Reading the spend by ${state.tab}…` }));
  const asked = state.tab;
  getJson(`api/groups?${query({ by: asked })}`)
    .then((data) => {
      if (state.tab !== asked) return;
      const days =
        data.window.sinceMs !== view.query.sinceMs
          ? el('p', {
              class: 'muted small',
              text: `${asked}s are kept per UTC day: this covers ${data.window.sinceMs === undefined ? 'everything kept' : `whole days since ${utc(data.window.sinceMs)}`}.`,
            })
          : '';
      holder.replaceChildren(groupTable(asked, data, data.total.costMicroUsd), days);
    })
    .catch((error) => holder.replaceChildren(el('p', { class: 'error', text: error.message })));
}

async function openLedger(workflowId) {
  const drawer = $('drawer');
  drawer.hidden = false;
  $('drawer-title').textContent = workflowId;
  $('drawer-body').replaceChildren(el('p', { class: 'muted', text: 'Reading its ledger…' }));
  try {
    const data = await getJson(`api/request?${new URLSearchParams({ workflowId })}`);
    $('drawer-body').replaceChildren(...ledgerView(data));
  } catch (error) {
    $('drawer-body').replaceChildren(el('p', { class: 'error', text: error.message }));
  }
}

function render(view) {
  state.view = view;
  renderFilters(view);
  $('context').replaceChildren(
    windowText(view),
    view.reportCommand
      ? el('span', { class: 'same' }, ' · same totals as ', el('code', { text: view.reportCommand }))
      : '',
  );
  $('kpis').replaceChildren(...kpis(view));
  spendChart($('spend-chart'), view.series);
  $('by-task').replaceChildren(taskBars(view.groups.task));
  rateChart($('pass-chart'), view.series, view.tiers.tiers, view.tiers.firstPassRate);
  rateChart($('escalation-chart'), view.series, view.tiers.tiers, view.tiers.escalationRate);
  renderTab();
  $('budgets-card').hidden = view.budgets.length === 0;
  $('budgets').replaceChildren(budgetTable(view.budgets));
  $('experiments-card').hidden = view.experiments.length === 0;
  $('experiments').replaceChildren(experimentTable(view.experiments));
  $('extras').hidden = view.budgets.length === 0 && view.experiments.length === 0;
  $('top').replaceChildren(requestTable(view.top, openLedger, 'No finished request in this window.'));
  $('failures').replaceChildren(requestTable(view.failures, openLedger, 'No failure in this window.'));
  $('footer').textContent =
    `store ${view.store}${view.temporal.uiUrl ? ` · Temporal Web UI ${view.temporal.uiUrl} (namespace ${view.temporal.namespace})` : ''}`;
  document.body.dataset.state = 'ready';
}

async function load() {
  document.body.dataset.state = 'loading';
  $('error').hidden = true;
  try {
    render(await getJson(`api/view?${query()}`));
  } catch (error) {
    $('error').textContent = error.message;
    $('error').hidden = false;
    document.body.dataset.state = 'error';
  }
}

$('task').addEventListener('change', (event) => setParam('task', event.target.value));
$('per').addEventListener('change', (event) =>
  setParam('per', event.target.value === 'auto' ? '' : event.target.value),
);
$('refresh').addEventListener('click', () => void load());
$('drawer-close').addEventListener('click', () => ($('drawer').hidden = true));
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') $('drawer').hidden = true;
});
renderFilters();
watchResize();
void load();
