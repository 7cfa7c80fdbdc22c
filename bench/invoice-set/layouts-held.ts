/**
 * The held-out part's layouts (the sixth held-out part), written before it was measured and unlike every earlier
 * layout: `boxed` (a report printed in ASCII boxes: `+----+` rules, `|` between cells, the header fields as a
 * two-column box), `einvoice` (an e-invoice shown by a viewer: each field after its business-term code, `BT-112`,
 * amounts in machine notation `1753.74` and ISO dates whatever the country) and `semicolon` (an accounting export:
 * one record per line, fields separated by semicolons, empty fields kept). Some invoices take a discount or charge
 * shipping before the tax.
 */
import { noVat, type Layout } from './layouts';
import { pad, padLeft, type Writer } from './format';
import { pick, type Line } from './model';

interface Charges {
  subtotal?: string;
  discount?: [string, number];
  shipping?: [string, number];
  tax?: [string, number];
  total: string;
}

/** The words and amounts after the items: subtotal, discount, shipping, tax, total (labels only; amounts raw). */
function charges(w: Writer, withBase: boolean): Charges {
  const { invoice: i, phrasings } = w;
  const out: Charges = { total: w.label('total') };
  if (i.tax !== null || i.discount !== undefined) out.subtotal = w.label('subtotal');
  if (i.discount !== undefined) {
    const label = pick(w.rng, phrasings.discount ?? ['Discount {rate}%']).replace('{rate}', String(i.discountRate));
    out.discount = [label, i.discount];
  }
  if (i.shipping !== undefined) out.shipping = [pick(w.rng, phrasings.shipping ?? ['Shipping']), i.shipping];
  if (i.tax !== null) {
    const base = i.subtotal + (i.shipping ?? 0) - (i.discount ?? 0);
    const label =
      withBase && phrasings.taxOn
        ? pick(w.rng, phrasings.taxOn).replace('{rate}', w.quantity(i.taxRate)).replace('{base}', w.number(base))
        : w.tax(i.taxRate);
    out.tax = [label, i.tax];
  }
  return out;
}

/** The charges as label/amount pairs, amounts written by `write` (the total through `money` when given). */
function chargeRows(w: Writer, c: Charges, write: (value: number) => string, money = write): [string, string][] {
  const { invoice: i } = w;
  const rows: [string, string][] = [];
  if (c.subtotal) rows.push([c.subtotal, write(i.subtotal)]);
  if (c.discount) rows.push([c.discount[0], `-${write(c.discount[1])}`]);
  if (c.shipping) rows.push([c.shipping[0], write(c.shipping[1])]);
  if (c.tax) rows.push([c.tax[0], write(c.tax[1])]);
  rows.push([c.total, money(i.total)]);
  return rows;
}

function quantity(w: Writer, line: Line): string {
  return `${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`;
}

const boxed: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const widths = [6, 34, 12, 12, 14];
  const rule = (cells: number[]) => `+${cells.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  const row = (cells: string[], sizes: number[], right: boolean[] = []) =>
    `| ${cells
      .map((cell, k) =>
        (right[k] ? padLeft(cell, sizes[k]!) : pad(cell, sizes[k]!))
          .trim()
          .padEnd(right[k] ? 0 : sizes[k]!)
          .padStart(right[k] ? sizes[k]! : 0),
      )
      .join(' | ')} |`;
  const head = [
    [w.label('invoiceNo'), i.number],
    [w.label('issueDate'), w.date(i.issue)],
    [w.label('customerNo'), i.customerNo],
  ];
  if (i.printDue && !w.sentencePrintsDue(sentence)) head.push([w.label('dueDate'), w.date(i.due)]);
  const wide = widths.reduce((sum, width) => sum + width + 3, -3);
  const numbers = [false, false, true, true, true];
  return [
    rule([wide]),
    row([`${pad(i.vendor.name, 50)}${w.label('title').toUpperCase()}`], [wide]),
    row([`${i.vendor.street}, ${w.place(i.vendor)} · ${w.label('vatId')} ${i.vatId}`], [wide]),
    rule([24, wide - 27]),
    ...head.map(([label, value]) => row([label!, value!], [24, wide - 27])),
    rule([24, wide - 27]),
    row([`${w.label('billTo')}: ${i.buyer.name}, ${i.buyer.street}, ${w.place(i.buyer)}`], [wide]),
    rule(widths),
    row([w.label('pos'), w.label('description'), w.label('qty'), w.label('unitPrice'), w.label('amount')], widths),
    rule(widths),
    ...i.lines.map((line, index) =>
      row(
        [String(index + 1), line.description, quantity(w, line), w.number(line.unitPrice), w.number(line.amount)],
        widths,
        numbers,
      ),
    ),
    rule(widths),
    ...chargeRows(
      w,
      charges(w, false),
      (value) => w.number(value),
      (value) => w.money(value),
    ).map(([label, value]) => row([label, value], [wide - 17, 14], [true, true])),
    rule([wide - 17, 14]),
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${w.label('bank')}: ${w.label('accountHolder')} ${i.vendor.name} · IBAN ${i.iban} · BIC ${i.bic}`,
  ].join('\n');
};

const einvoice: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const machine = (value: number) => value.toFixed(2);
  const term = (code: string, label: string, value: string) => `${pad(code, 8)}${label}: ${value}`;
  const c = charges(w, false);
  const codes: Record<string, string> = {};
  if (c.subtotal) codes[c.subtotal] = 'BT-106';
  if (c.discount) codes[c.discount[0]] = 'BT-107';
  if (c.shipping) codes[c.shipping[0]] = 'BT-108';
  if (c.tax) codes[c.tax[0]] = 'BT-110';
  codes[c.total] = 'BT-112';
  return [
    `${w.label('title')} — ${i.vendor.name}`,
    '',
    term('BT-1', w.label('invoiceNo'), i.number),
    term('BT-2', w.label('issueDate'), w.date(i.issue, 'iso')),
    ...(i.printDue ? [term('BT-9', w.label('dueDate'), w.date(i.due, 'iso'))] : []),
    ...(sentence ? [term('BT-20', w.label('terms'), sentence)] : []),
    term('BT-5', 'ISO 4217', i.country.currency),
    '',
    `BG-4    ${w.label('from')}`,
    term('BT-27', 'Name', i.vendor.name),
    term('BT-35', 'Street', i.vendor.street),
    term('BT-38', 'Post code / city', w.place(i.vendor)),
    term('BT-31', w.label('vatId'), i.vatId),
    '',
    `BG-7    ${w.label('billTo')}`,
    term('BT-44', 'Name', i.buyer.name),
    term('BT-50', 'Street', i.buyer.street),
    term('BT-53', 'Post code / city', w.place(i.buyer)),
    term('BT-46', w.label('customerNo'), i.customerNo),
    '',
    ...i.lines.flatMap((line, index) => [
      `BG-25   ${w.label('pos')} ${index + 1}`,
      term('BT-153', w.label('description'), line.description),
      term('BT-129', w.label('qty'), `${line.quantity}${line.unit ? ` ${line.unit}` : ''}`),
      term('BT-146', w.label('unitPrice'), machine(line.unitPrice)),
      term('BT-131', w.label('amount'), machine(line.amount)),
    ]),
    '',
    ...chargeRows(w, c, machine).map(([label, value]) => term(codes[label] ?? 'BT-', label, value)),
    '',
    ...noVat(w),
    `BG-16   ${w.label('bank')}`,
    term('BT-84', 'IBAN', i.iban),
    term('BT-85', w.label('accountHolder'), i.vendor.name),
  ].join('\n');
};

const semicolon: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const record = (...fields: string[]) => fields.join(';');
  return [
    record(w.label('title'), i.number),
    record(w.label('issueDate'), w.date(i.issue, 'numeric')),
    ...(i.printDue && !w.sentencePrintsDue(sentence) ? [record(w.label('dueDate'), w.date(i.due, 'numeric'))] : []),
    record(w.label('customerNo'), i.customerNo),
    record(w.label('from'), i.vendor.name, i.vendor.street, w.place(i.vendor), i.vatId),
    record(w.label('billTo'), i.buyer.name, i.buyer.street, w.place(i.buyer)),
    record(w.label('pos'), w.label('description'), w.label('qty'), w.label('unitPrice'), w.label('amount')),
    ...i.lines.map((line, index) =>
      record(String(index + 1), line.description, quantity(w, line), w.number(line.unitPrice), w.number(line.amount)),
    ),
    ...chargeRows(
      w,
      charges(w, true),
      (value) => w.number(value),
      (value) => w.money(value),
    ).map(([label, value]) => record(label, '', '', '', value)),
    ...noVat(w).map((line) => record(line)),
    ...(sentence ? [record(w.label('terms'), sentence)] : []),
    record(w.label('bank'), `${w.label('accountHolder')} ${i.vendor.name}`, `IBAN ${i.iban}`),
  ].join('\n');
};

export const HELD_LAYOUTS: Record<string, Layout> = { boxed, einvoice, semicolon };
