/**
 * The fourth held-out part's layouts (measured once, then joined to the tuning part), written before that part was
 * measured and unlike every earlier layout: `portal` (an
 * invoice exported from a billing service: a header of label/value pairs, the amount due in a sentence, an
 * "amount due" after the total), `business` (a business letter: sender line, an information block beside
 * the address, a salutation, a three-column footer) and `thermal` (a narrow printout: values right-aligned on
 * 40 columns, each item on two lines). Some invoices take a discount or charge shipping before the tax.
 */
import { noVat, type Layout } from './layouts';
import { pad, padLeft, type Writer } from './format';
import { pick } from './model';

/** The lines after the subtotal, in order: discount, shipping, tax, total. */
function totals(w: Writer): [string, string][] {
  const { invoice: i, phrasings } = w;
  const out: [string, string][] = [];
  if (i.tax !== null || i.discount !== undefined) out.push([w.label('subtotal'), w.number(i.subtotal)]);
  if (i.discount !== undefined) {
    const label = pick(w.rng, phrasings.discount ?? ['Discount {rate}%']).replace('{rate}', String(i.discountRate));
    out.push([label, `-${w.number(i.discount)}`]);
  }
  if (i.shipping !== undefined) out.push([pick(w.rng, phrasings.shipping ?? ['Shipping']), w.number(i.shipping)]);
  if (i.tax !== null) out.push([w.tax(i.taxRate), w.number(i.tax)]);
  out.push([w.label('total'), w.money(i.total)]);
  return out;
}

const portal: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const pair = (label: string, value: string) => pad(label, 20) + value;
  const header = [pair(w.label('invoiceNo'), i.number), pair(w.label('issueDate'), w.date(i.issue))];
  if (i.printDue) header.push(pair(w.label('dueDate'), w.date(i.due)));
  const two = (a: string, b: string) => pad(a, 42) + b;
  return [
    w.label('title'),
    '',
    ...header,
    '',
    two(i.vendor.name, w.label('billTo')),
    two(i.vendor.street, i.buyer.name),
    two(w.place(i.vendor), i.buyer.street),
    two(`${w.label('phone')} ${i.phone}`, w.place(i.buyer)),
    '',
    i.printDue ? `${w.money(i.total)} ${w.label('dueDate').toLowerCase()} ${w.date(i.due)}` : w.money(i.total),
    '',
    pad(w.label('description'), 40) +
      padLeft(w.label('qty'), 10) +
      padLeft(w.label('unitPrice'), 14) +
      padLeft(w.label('amount'), 14),
    ...i.lines.map(
      (line) =>
        pad(line.description, 40) +
        padLeft(`${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`, 10) +
        padLeft(w.number(line.unitPrice), 14) +
        padLeft(w.number(line.amount), 14),
    ),
    '',
    ...totals(w).map(([label, value]) => ' '.repeat(40) + pad(label, 24) + padLeft(value, 14)),
    '',
    ...noVat(w),
    ...(sentence ? [`${w.label('terms')}: ${sentence}`] : []),
    `${w.label('bank')}: ${w.label('accountHolder')} ${i.vendor.name}, IBAN ${i.iban}`,
  ].join('\n');
};

const business: Layout = (w) => {
  const { invoice: i, phrasings } = w;
  const sentence = w.termSentence();
  const info: string[] = [
    `${w.label('invoiceNo')}: ${i.number}`,
    `${w.label('issueDate')}: ${w.date(i.issue)}`,
    `${w.label('customerNo')}: ${i.customerNo}`,
  ];
  if (i.delivery !== undefined) info.push(`${w.label('deliveryDate')}: ${w.date(i.delivery)}`);
  if (i.printDue && !w.sentencePrintsDue(sentence)) info.push(`${w.label('dueDate')}: ${w.date(i.due)}`);
  const address = [i.buyer.name, i.buyer.street, w.place(i.buyer)];
  const block = Array.from(
    { length: Math.max(info.length, address.length) },
    (_, k) => pad(address[k] ?? '', 50) + (info[k] ?? ''),
  );
  const columns = [
    [i.vendor.name, i.vendor.street, w.place(i.vendor)],
    [w.label('bank'), `IBAN ${i.iban}`, `BIC ${i.bic}`],
    [`${w.label('vatId')} ${i.vatId}`, `${w.label('phone')} ${i.phone}`, ''],
  ];
  return [
    `${i.vendor.name} · ${i.vendor.street} · ${w.place(i.vendor)}`,
    '',
    ...block.map((line) => line.trimEnd()),
    '',
    `${w.label('title')} ${i.number}`,
    '',
    pick(w.rng, phrasings.greeting ?? ['']),
    pick(w.rng, phrasings.body ?? ['']),
    '',
    pad(w.label('pos'), 6) +
      pad(w.label('description'), 36) +
      padLeft(w.label('qty'), 10) +
      padLeft(w.label('unitPrice'), 14) +
      padLeft(w.label('amount'), 14),
    ...i.lines.map(
      (line, index) =>
        pad(String(index + 1), 6) +
        pad(line.description, 36) +
        padLeft(`${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`, 10) +
        padLeft(w.number(line.unitPrice), 14) +
        padLeft(w.number(line.amount), 14),
    ),
    '-'.repeat(80),
    ...totals(w).map(([label, value]) => ' '.repeat(42) + pad(label, 24) + padLeft(value, 14)),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    w.label('thanks'),
    '',
    ...[0, 1, 2].map((row) =>
      columns
        .map((column) => pad(column[row]!, 30))
        .join('')
        .trimEnd(),
    ),
  ].join('\n');
};

const thermal: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const width = 40;
  const center = (text: string) => ' '.repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text;
  const row = (label: string, value: string) => pad(label, width - value.length - 1) + value;
  const rule = '-'.repeat(width);
  return [
    center(i.vendor.name.toUpperCase()),
    center(i.vendor.street),
    center(w.place(i.vendor)),
    center(`${w.label('vatId')} ${i.vatId}`),
    rule,
    row(w.label('title').toUpperCase(), i.number),
    row(w.label('issueDate'), w.date(i.issue, 'numeric')),
    rule,
    ...i.lines.flatMap((line) => [
      line.description,
      row(
        `  ${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''} x ${w.number(line.unitPrice)}`,
        w.number(line.amount),
      ),
    ]),
    rule,
    ...totals(w).map(([label, value], index, all) =>
      index === all.length - 1 ? `${'='.repeat(width)}\n${row(label.toUpperCase(), value)}` : row(label, value),
    ),
    rule,
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    ...(i.printDue && !w.sentencePrintsDue(sentence) ? [row(w.label('dueDate'), w.date(i.due, 'numeric'))] : []),
    `${w.label('billTo')}: ${i.buyer.name}, ${w.place(i.buyer)}`,
    `IBAN ${i.iban}`,
  ].join('\n');
};

export const FOURTH_LAYOUTS: Record<string, Layout> = { portal, business, thermal };

export { totals };
