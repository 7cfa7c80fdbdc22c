// The page's figures, each built from the view's JSON: the totals and the spend per grouping.
import { count, el, money, percent } from './format.js';

/** The figures at the top. Each card: `data-kpi`, its value's exact amount in `data-micro-usd` for money. */
export function kpis(view) {
  const t = view.total;
  const card = (kpi, label, value, note) =>
    el(
      'div',
      { class: 'kpi', dataset: { kpi } },
      el('div', { class: 'label', text: label }),
      el('div', { class: 'value' }, value),
      el('div', { class: 'note' }, note ?? ''),
    );
  const cards = [
    card('spend', 'Spend', money(t.costMicroUsd), `${count(t.billedAttempts)} billed attempts`),
    card(
      'requests',
      'Requests',
      el('span', { text: count(t.requests) }),
      view.inFlight > 0 ? `${count(view.inFlight)} still running` : `${count(t.validResults)} valid results`,
    ),
    card(
      'savings',
      'Saved vs premium-only',
      money(t.savingsMicroUsd, { class: t.savingsMicroUsd < 0 ? 'bad' : 'good' }),
      el(
        'span',
        {},
        t.savingsRate === null ? 'no valid answer yet' : `${percent(t.savingsRate)} of `,
        t.savingsRate === null ? '' : money(t.baselineMicroUsd),
      ),
    ),
    card(
      'cost-per-valid',
      'Cost per valid result',
      money(t.costPerValidMicroUsd),
      `${count(t.validResults)} valid of ${count(t.requests)}`,
    ),
    card(
      'first-pass',
      'First-attempt pass rate',
      el('span', { text: percent(t.firstPassRate) }),
      `${count(t.firstPass)} of ${count(t.firstAttempts)}`,
    ),
    card(
      'escalation',
      'Escalation rate',
      el('span', { text: percent(t.escalationRate) }),
      `${count(t.escalated)} requests escalated`,
    ),
  ];
  cards.push(
    t.labelled > 0
      ? card(
          'cost-per-correct',
          'Cost per correct result',
          money(t.costPerCorrectMicroUsd),
          `${count(t.correct)} correct of ${count(t.labelled)} labelled`,
        )
      : card(
          'cost-per-correct',
          'Cost per correct result',
          el('span', { class: 'muted', text: '—' }),
          'no labels in the store',
        ),
  );
  return cards;
}

/** A breakdown table: one row per group, spend with a bar scaled to the dearest group. */
export function groupTable(by, data, totalCost) {
  const rows = data.rows;
  if (rows.length === 0) return el('p', { class: 'empty', text: 'Nothing in this window.' });
  const top = Math.max(...rows.map((row) => row.costMicroUsd), 1);
  const head = ['', 'spend', 'share', 'requests', 'valid', 'per valid', 'first pass', 'escalated', 'saved'];
  const body = rows.map((row) =>
    el(
      'tr',
      { dataset: { key: row.key } },
      el('th', { scope: 'row', class: 'name', title: row.key, text: row.key }),
      el(
        'td',
        { class: 'spend' },
        el(
          'div',
          { class: 'barcell' },
          el('span', { class: 'bar', style: { width: `${(row.costMicroUsd / top) * 100}%` } }),
          money(row.costMicroUsd),
        ),
      ),
      el('td', { text: percent(totalCost > 0 ? row.costMicroUsd / totalCost : null) }),
      el('td', { text: count(row.requests) }),
      el('td', { text: count(row.validResults) }),
      el('td', {}, money(row.costPerValidMicroUsd)),
      el('td', { text: percent(row.firstPassRate) }),
      el('td', { text: percent(row.escalationRate) }),
      el('td', {}, money(row.savingsMicroUsd, { class: row.savingsMicroUsd < 0 ? 'bad' : '' })),
    ),
  );
  const others =
    data.others.groups > 0
      ? el(
          'p',
          { class: 'muted' },
          `and ${count(data.others.groups)} more, `,
          money(data.others.costMicroUsd),
          ' together',
        )
      : null;
  return el(
    'div',
    {},
    el(
      'table',
      { class: 'table', dataset: { group: by } },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          head.map((h) => el('th', { text: h })),
        ),
      ),
      el('tbody', {}, body),
    ),
    others,
  );
}

/** The by-task list beside the spend chart: name, bar, amount. */
export function taskBars(data) {
  if (data.rows.length === 0) return el('p', { class: 'empty', text: 'No requests in this window.' });
  const top = Math.max(...data.rows.map((row) => row.costMicroUsd), 1);
  return el(
    'ul',
    { class: 'bars', dataset: { group: 'task' } },
    data.rows
      .slice(0, 12)
      .map((row) =>
        el(
          'li',
          { dataset: { key: row.key } },
          el('span', { class: 'name', title: row.key, text: row.key }),
          el(
            'span',
            { class: 'track' },
            el('span', { class: 'bar', style: { width: `${(row.costMicroUsd / top) * 100}%` } }),
          ),
          money(row.costMicroUsd),
          el('span', { class: 'muted small', text: `${count(row.requests)} req` }),
        ),
      ),
    more(data.rows.length - 12 + data.others.groups),
  );
}

/** A last line for the tasks beyond the list (their spend is in the breakdown's task rows). */
function more(hidden) {
  return hidden > 0 ? el('li', { class: 'muted small', text: `and ${count(hidden)} more tasks` }) : null;
}
