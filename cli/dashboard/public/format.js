// Numbers for people: money from integer micro-USD, counts, shares, times (UTC, like the store's buckets).

const MICRO = 1_000_000;
const grouped = new Intl.NumberFormat('en-US');

/** Dollars with sensible precision: cents from $1, four decimals from a cent, micro-dollars below. */
export function usd(micro) {
  if (micro === null || micro === undefined) return '—';
  const value = micro / MICRO;
  const size = Math.abs(value);
  if (size === 0) return '$0';
  const digits = size >= 1 ? 2 : size >= 0.01 ? 4 : 6;
  const text = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    size,
  );
  return `${value < 0 ? '−' : ''}$${text}`;
}

/** The exact amount, for a tooltip: every micro-dollar. */
export function usdExact(micro) {
  if (micro === null || micro === undefined) return '';
  return `${micro < 0 ? '−' : ''}$${(Math.abs(micro) / MICRO).toFixed(6)} (${grouped.format(micro)} µ$)`;
}

/** A short axis label: $1.2k, $3.40, $0.012. */
export function usdAxis(micro) {
  const value = micro / MICRO;
  const size = Math.abs(value);
  if (size >= 1000) return `$${(value / 1000).toFixed(1)}k`;
  if (size >= 1) return `$${value.toFixed(2)}`;
  if (size === 0) return '$0';
  return `$${value.toPrecision(2)}`;
}

export function count(n) {
  return n === null || n === undefined ? '—' : grouped.format(n);
}

export function percent(share, digits = 1) {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)}%`;
}

export function tokens(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return grouped.format(n);
}

export function ms(value) {
  if (value === null || value === undefined) return '—';
  return value >= 10_000
    ? `${(value / 1000).toFixed(0)} s`
    : value >= 1000
      ? `${(value / 1000).toFixed(1)} s`
      : `${value} ms`;
}

/** `2026-12-07 14:05 UTC` */
export function utc(at, withSeconds = false) {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/** `12-07 14:05`: a time in a narrow column (UTC; the full time in its tooltip). */
export function shortUtc(at) {
  const iso = new Date(at).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** An element with text, optional class and attributes; children appended. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    // Styles through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    else if (name === 'style') Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A money figure: readable text, exact amount in its tooltip and in `data-micro-usd`. */
export function money(micro, props = {}) {
  return el('span', {
    ...props,
    class: ['money', props.class].filter(Boolean).join(' '),
    text: usd(micro),
    title: usdExact(micro),
    dataset: { microUsd: String(micro ?? '') },
  });
}
