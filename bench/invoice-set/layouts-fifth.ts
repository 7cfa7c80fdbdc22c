/**
 * The fifth held-out part's layouts (measured once, then joined to the tuning part), written before that part was
 * measured and unlike every earlier layout: `leaders` (a form printed with dot leaders, `Invoice reference ........ INV-1234`, items written as
 * `description, quantity × price` before their amount, the tax printed with its base), `cells` (a document whose
 * tables come out of text extraction one cell per line, as HTML mails and some PDFs do) and `paged` (a two-page
 * letter: a form feed between the pages, an amount carried forward at the foot of page 1 and brought forward at the
 * head of page 2, a running head, page numbers and the vendor's details in a footer on each page). Some invoices
 * take a discount or charge shipping before the tax.
 */
import { noVat, type Layout } from './layouts';
import { pad, padLeft, type Writer } from './format';
import { pick, round2, type Line } from './model';

/** The lines after the items, in order: subtotal, discount, shipping, tax (with its base when `withBase`), total. */
function totals(w: Writer, withBase: boolean): [string, string][] {
  const { invoice: i, phrasings } = w;
  const out: [string, string][] = [];
  if (i.tax !== null || i.discount !== undefined) out.push([w.label('subtotal'), w.number(i.subtotal)]);
  if (i.discount !== undefined) {
    const label = pick(w.rng, phrasings.discount ?? ['Discount {rate}%']).replace('{rate}', String(i.discountRate));
    out.push([label, `-${w.number(i.discount)}`]);
  }
  if (i.shipping !== undefined) out.push([pick(w.rng, phrasings.shipping ?? ['Shipping']), w.number(i.shipping)]);
  if (i.tax !== null) {
    const base = i.subtotal + (i.shipping ?? 0) - (i.discount ?? 0);
    const label =
      withBase && phrasings.taxOn
        ? pick(w.rng, phrasings.taxOn).replace('{rate}', w.quantity(i.taxRate)).replace('{base}', w.number(base))
        : w.tax(i.taxRate);
    out.push([label, w.number(i.tax)]);
  }
  out.push([w.label('total'), w.money(i.total)]);
  return out;
}

function quantity(w: Writer, line: Line): string {
  return `${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`;
}

const leaders: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const lead = (label: string, value: string, width: number) =>
    `${label} ${'.'.repeat(Math.max(3, width - label.length - value.length - 2))} ${value}`;
  const head = [
    lead(w.label('invoiceNo'), i.number, 48),
    lead(w.label('issueDate'), w.date(i.issue), 48),
    lead(w.label('customerNo'), i.customerNo, 48),
  ];
  if (i.delivery !== undefined) head.push(lead(w.label('deliveryDate'), w.date(i.delivery), 48));
  if (i.printDue && !w.sentencePrintsDue(sentence)) head.push(lead(w.label('dueDate'), w.date(i.due), 48));
  return [
    i.vendor.name,
    `${i.vendor.street} · ${w.place(i.vendor)} · ${w.label('phone')} ${i.phone}`,
    '',
    w.label('title').toUpperCase(),
    '',
    ...head,
    '',
    `${w.label('billTo')}:`,
    `  ${i.buyer.name}`,
    `  ${i.buyer.street}`,
    `  ${w.place(i.buyer)}`,
    '',
    ...i.lines.map((line) =>
      lead(`${line.description}, ${quantity(w, line)} × ${w.number(line.unitPrice)}`, w.number(line.amount), 76),
    ),
    '',
    ...totals(w, true).map(([label, value]) => lead(label, value, 76)),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${w.label('bank')}: IBAN ${i.iban} · BIC ${i.bic} · ${w.label('accountHolder')}: ${i.vendor.name}`,
    `${w.label('vatId')} ${i.vatId}`,
  ].join('\n');
};

const cells: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const pairs = [w.label('invoiceNo'), i.number, w.label('issueDate'), w.date(i.issue)];
  if (i.printDue && !w.sentencePrintsDue(sentence)) pairs.push(w.label('dueDate'), w.date(i.due));
  pairs.push(w.label('customerNo'), i.customerNo);
  return [
    i.vendor.name,
    i.vendor.street,
    w.place(i.vendor),
    `${w.label('vatId')} ${i.vatId}`,
    '',
    w.label('title'),
    '',
    ...pairs,
    '',
    w.label('billTo'),
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    w.label('description'),
    w.label('qty'),
    w.label('unitPrice'),
    w.label('amount'),
    ...i.lines.flatMap((line) => [
      line.description,
      quantity(w, line),
      w.number(line.unitPrice),
      w.number(line.amount),
    ]),
    '',
    ...totals(w, false).flat(),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    w.label('bank'),
    `${w.label('accountHolder')} ${i.vendor.name}`,
    `IBAN ${i.iban}`,
    w.label('thanks'),
  ].join('\n');
};

const paged: Layout = (w) => {
  const { invoice: i, phrasings } = w;
  const sentence = w.termSentence();
  const [carried, brought] = pick(w.rng, phrasings.carried ?? [['Carried forward', 'Brought forward']]);
  const pageLine = pick(w.rng, phrasings.page ?? ['Page {n} of {m}']);
  const page = (n: number) => padLeft(pageLine.replace('{n}', String(n)).replace('{m}', '2'), 80);
  const split = Math.ceil(i.lines.length / 2);
  const forward = round2(i.lines.slice(0, split).reduce((sum, line) => sum + line.amount, 0));
  const row = (a: string, b: string, c: string, d: string) =>
    pad(a, 44) + padLeft(b, 10) + padLeft(c, 12) + padLeft(d, 14);
  const header = row(w.label('description'), w.label('qty'), w.label('unitPrice'), w.label('amount'));
  const item = (line: Line) =>
    row(line.description, quantity(w, line), w.number(line.unitPrice), w.number(line.amount));
  const footer = `${i.vendor.name} · ${i.vendor.street} · ${w.place(i.vendor)} · IBAN ${i.iban}`;
  const info = [`${w.label('invoiceNo')}: ${i.number}`, `${w.label('issueDate')}: ${w.date(i.issue)}`];
  info.push(`${w.label('customerNo')}: ${i.customerNo}`);
  if (i.printDue && !w.sentencePrintsDue(sentence)) info.push(`${w.label('dueDate')}: ${w.date(i.due)}`);
  return [
    i.vendor.name,
    `${i.vendor.street}, ${w.place(i.vendor)}`,
    `${w.label('phone')} ${i.phone}`,
    '',
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    w.label('title').toUpperCase(),
    ...info,
    '',
    pick(w.rng, phrasings.greeting ?? ['']),
    pick(w.rng, phrasings.body ?? ['']),
    '',
    header,
    ...i.lines.slice(0, split).map(item),
    row(carried, '', '', w.number(forward)),
    '',
    footer,
    page(1),
    `\f${i.vendor.name} – ${w.label('title')} ${i.number}`,
    '',
    header,
    row(brought, '', '', w.number(forward)),
    ...i.lines.slice(split).map(item),
    '-'.repeat(80),
    ...totals(w, false).map(([label, value]) => ' '.repeat(44) + pad(label, 22) + padLeft(value, 14)),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    w.label('thanks'),
    '',
    footer,
    page(2),
  ].join('\n');
};

export const FIFTH_LAYOUTS: Record<string, Layout> = { leaders, cells, paged };
