// The page's lists: requests (each linked to its ledger and its Temporal run), budgets, experiments, a ledger.
import { count, el, money, ms, percent, shortUtc, tokens, usd, utc } from './format.js';

function outcomeBadge(request) {
  const outcome = request.outcome ?? 'running';
  return el('span', {
    class: `badge ${outcome}`,
    title: request.failure ?? '',
    text: request.failure ?? outcome,
  });
}

/** A table: one header row of column names, then the body rows given. */
function table(attrs, headers, rows) {
  return el(
    'table',
    attrs,
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headers.map((h) => el('th', { text: h })),
      ),
    ),
    el('tbody', {}, rows),
  );
}

/** A list of requests; a workflow id opens its ledger, the arrow its run in the Temporal Web UI. */
export function requestTable(requests, openLedger, empty) {
  if (requests.length === 0) return el('p', { class: 'empty', text: empty });
  return table(
    { class: 'table requests' },
    ['workflow', 'task', 'started', 'att.', 'cost', 'outcome', 'UI'],
    requests.map((r) =>
      el(
        'tr',
        { dataset: { workflowId: r.workflowId } },
        el(
          'th',
          { scope: 'row', class: 'name' },
          el('button', {
            type: 'button',
            class: 'link',
            title: `${r.workflowId}${r.scope ? ` · ${r.scope}` : ''}: open its ledger`,
            text: r.scope ? `${r.workflowId} · ${r.scope}` : r.workflowId,
            onclick: () => openLedger(r.workflowId),
          }),
        ),
        el('td', { text: r.task }),
        el('td', { class: 'nowrap', title: utc(r.startedAtMs, true), text: shortUtc(r.startedAtMs) }),
        el('td', { text: `${r.attempts}${r.billedAttempts !== r.attempts ? ` (${r.billedAttempts} billed)` : ''}` }),
        el('td', {}, money(r.costMicroUsd)),
        el('td', {}, outcomeBadge(r)),
        el(
          'td',
          {},
          r.temporalUrl
            ? el('a', {
                class: 'temporal',
                href: r.temporalUrl,
                target: '_blank',
                rel: 'noreferrer noopener',
                title: 'this run in the Temporal Web UI',
                text: '↗',
              })
            : '',
        ),
      ),
    ),
  );
}

export function budgetTable(budgets) {
  return table(
    { class: 'table' },
    ['key', 'period', 'budget', 'spent', 'left', ''],
    budgets.map((b) =>
      el(
        'tr',
        { dataset: { key: `${b.key}:${b.period}` } },
        el('th', { scope: 'row', class: 'name', text: b.key }),
        el('td', { text: b.label }),
        el('td', {}, money(b.limitMicroUsd)),
        el('td', {}, money(b.spentMicroUsd)),
        el('td', {}, money(b.leftMicroUsd, { class: b.leftMicroUsd === 0 ? 'bad' : 'good' })),
        el(
          'td',
          { class: 'meter-cell' },
          el(
            'span',
            { class: 'track' },
            el('span', {
              class: `bar ${b.usedShare >= 0.9 ? 'hot' : ''}`,
              style: { width: `${Math.min(1, b.usedShare) * 100}%` },
            }),
          ),
        ),
      ),
    ),
  );
}

export function experimentTable(experiments) {
  const rows = experiments.flatMap((e) => [e.control, e.variant].map((arm) => ({ name: e.experiment, ...arm })));
  return table(
    { class: 'table' },
    ['experiment', 'arm', 'requests', 'first pass', 'escalated', 'per valid', 'spend', 'median latency'],
    rows.map((r) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row', class: 'name', text: r.name }),
        el('td', { text: r.arm }),
        el('td', { text: count(r.requests) }),
        el('td', { text: percent(r.firstPassRate) }),
        el('td', { text: percent(r.escalationRate) }),
        el('td', {}, money(r.costPerValidMicroUsd)),
        el('td', {}, money(r.costMicroUsd)),
        el('td', { text: ms(r.medianLatencyMs) }),
      ),
    ),
  );
}

/** One workflow's requests, each with every attempt row the store keeps. */
export function ledgerView(data) {
  if (data.requests.length === 0)
    return [el('p', { class: 'empty', text: `The store has no request of ${data.workflowId}.` })];
  const total = data.requests.reduce((sum, r) => sum + r.costMicroUsd, 0);
  const parts = [
    el(
      'p',
      { class: 'ledger-total', dataset: { microUsd: String(total) } },
      `${data.requests.length} request${data.requests.length === 1 ? '' : 's'}, `,
      money(total),
      ' in all ',
      data.temporalUrl
        ? el('a', { href: data.temporalUrl, target: '_blank', rel: 'noreferrer noopener', text: 'Temporal ↗' })
        : '',
    ),
  ];
  for (const r of data.requests) {
    parts.push(
      el('h3', {}, r.scope || 'request', ' ', outcomeBadge(r)),
      el(
        'p',
        { class: 'muted small' },
        [
          `task ${r.task}`,
          r.kind,
          `run ${r.runId}`,
          r.sessionId && `session ${r.sessionId}`,
          r.gatewayKey && `key ${r.gatewayKey}`,
          r.batchId && `batch ${r.batchId}`,
          r.finalRef && `${r.outcome === 'ok' ? 'answered by' : 'ended at'} ${r.finalTier}: ${r.finalRef}`,
          r.latencyMs !== undefined && `took ${ms(r.latencyMs)}`,
          r.correct !== undefined && (r.correct ? 'labelled correct' : 'labelled wrong'),
          ...r.experiments.map((arm) => `${arm.experiment}: ${arm.arm}`),
          ...r.tags,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      table(
        { class: 'table ledger', dataset: { requestCost: String(r.costMicroUsd) } },
        ['#', 'tier', 'model', 'why', 'outcome', 'tokens in / cached / out', 'cost', 'latency'],
        r.ledger.map((a) =>
          el(
            'tr',
            { class: a.billed ? '' : 'unbilled' },
            el('td', { text: a.activityAttempt > 1 ? `${a.seq} (try ${a.activityAttempt})` : String(a.seq) }),
            el('td', { text: a.tier }),
            el('td', { title: `${a.provider} · price ${a.priceSource} from ${a.priceEffectiveFrom}`, text: a.ref }),
            el('td', { text: a.reason }),
            el('td', {
              title: a.error ?? a.reasonDetail ?? '',
              text: `${a.outcome}${a.status ? ` ${a.status}` : ''}${a.estimated ? ' (estimated)' : ''}`,
            }),
            el('td', {
              text: `${tokens(a.usage.inputTokens)} / ${tokens(a.usage.cachedInputTokens)} / ${tokens(a.usage.outputTokens)}`,
            }),
            // An abandoned attempt is unbilled but priced (an estimate, marked in its outcome): its cost is in the total.
            el(
              'td',
              {},
              a.billed || a.costMicroUsd > 0
                ? money(a.costMicroUsd)
                : el('span', { class: 'muted', text: 'not billed' }),
            ),
            el('td', { text: ms(a.latencyMs) }),
          ),
        ),
      ),
      el('p', {
        class: 'muted small',
        text: `request total ${usd(r.costMicroUsd)}${r.baselineMicroUsd ? ` · premium-only ${usd(r.baselineMicroUsd)}` : ''}`,
      }),
    );
  }
  return parts;
}
