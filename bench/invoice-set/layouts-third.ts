/**
 * Three more tuning layouts (the third held-out part's, measured once and then tuned on): `markdown` (what a
 * PDF-to-markdown converter gives: bold labels, pipe tables), `bilingual` (each label in the local language and in
 * English, `Rechnungsdatum / Invoice date`) and `ocr` (single spaces, no columns, no table header, the tax line
 * printing its base). Some invoices charge shipping between the subtotal and the tax.
 */
import { noVat, type Layout } from './layouts';
import { lineText } from './layouts-more';
import { pad, padLeft, type Writer } from './format';
import { pick } from './model';

/** The tax line's label: with the base (`MwSt. 19 % auf 1.000,00`) when the layout prints it, else with the rate. */
function taxLabel(w: Writer, withBase: boolean): string {
  const { invoice: i, phrasings } = w;
  const base = i.subtotal + (i.shipping ?? 0);
  if (withBase && phrasings.taxOn)
    return pick(w.rng, phrasings.taxOn).replace('{rate}', w.quantity(i.taxRate)).replace('{base}', w.number(base));
  const label = w.label('tax');
  return label.includes('{rate}') ? w.tax(i.taxRate) : `${label} ${w.quantity(i.taxRate)} %`;
}

function sums(w: Writer, withBase: boolean): [string, string][] {
  const { invoice: i } = w;
  const out: [string, string][] = [];
  if (i.tax !== null) out.push([w.label('subtotal'), w.number(i.subtotal)]);
  if (i.shipping !== undefined) out.push([pick(w.rng, w.phrasings.shipping ?? ['Shipping']), w.number(i.shipping)]);
  if (i.tax !== null) out.push([taxLabel(w, withBase), w.number(i.tax)]);
  out.push([w.label('total'), w.money(i.total)]);
  return out;
}

const markdown: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const fields = [`**${w.label('issueDate')}:** ${w.date(i.issue)}`];
  if (i.printDue && !w.sentencePrintsDue(sentence)) fields.push(`**${w.label('dueDate')}:** ${w.date(i.due)}`);
  return [
    `# ${w.label('title')} ${i.number}`,
    '',
    `**${w.label('from')}:** ${i.vendor.name}, ${i.vendor.street}, ${w.place(i.vendor)}  `,
    `**${w.label('billTo')}:** ${i.buyer.name}, ${i.buyer.street}, ${w.place(i.buyer)}  `,
    ...fields.map((field) => `${field}  `),
    '',
    `| ${w.label('description')} | ${w.label('qty')} | ${w.label('unitPrice')} | ${w.label('amount')} |`,
    '|---|---:|---:|---:|',
    ...i.lines.map(
      (line) =>
        `| ${line.description} | ${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''} | ${w.number(line.unitPrice)} | ${w.number(line.amount)} |`,
    ),
    '',
    '| | |',
    '|---|---:|',
    ...sums(w, false).map(([label, value], index, all) =>
      index === all.length - 1 ? `| **${label}** | **${value}** |` : `| ${label} | ${value} |`,
    ),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    '',
    `${w.label('accountHolder')}: ${i.vendor.name} · IBAN ${i.iban} · ${w.label('vatId')} ${i.vatId}`,
  ].join('\n');
};

/** English labels beside the local ones (Spanish beside English on an English invoice). */
const SECOND: Record<string, Partial<Record<string, string>>> = {
  english: {
    title: 'INVOICE',
    invoiceNo: 'Invoice no.',
    issueDate: 'Invoice date',
    dueDate: 'Due date',
    billTo: 'Bill to',
    description: 'Description',
    qty: 'Qty',
    amount: 'Amount',
    subtotal: 'Subtotal',
    tax: 'VAT',
    total: 'Total',
  },
  spanish: {
    title: 'FACTURA',
    invoiceNo: 'Factura nº',
    issueDate: 'Fecha',
    dueDate: 'Vencimiento',
    billTo: 'Cliente',
    description: 'Descripción',
    qty: 'Cantidad',
    amount: 'Importe',
    subtotal: 'Base imponible',
    tax: 'IVA',
    total: 'Total',
  },
};

const bilingual: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const other = SECOND[i.language === 'en' ? 'spanish' : 'english']!;
  const both = (key: Parameters<Writer['label']>[0], local = w.label(key)) => `${local} / ${other[key]}`;
  const field = (label: string, value: string) => pad(`${label}:`, 40) + value;
  const rows: string[] = [field(both('invoiceNo'), i.number), field(both('issueDate'), w.date(i.issue))];
  if (i.printDue && !w.sentencePrintsDue(sentence)) rows.push(field(both('dueDate'), w.date(i.due)));
  const amounts = sums(w, false).map(([label, value], index, all) => {
    const key = index === all.length - 1 ? 'total' : label === w.label('subtotal') ? 'subtotal' : undefined;
    return pad(key ? `${label} / ${other[key]}` : label, 50) + padLeft(value, 16);
  });
  return [
    i.vendor.name,
    `${i.vendor.street} · ${w.place(i.vendor)}`,
    `${w.label('phone')}: ${i.phone} · ${w.label('vatId')}: ${i.vatId}`,
    '',
    both('title', w.label('title').toUpperCase()),
    '',
    `${both('billTo')}:`,
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    ...rows,
    '',
    pad(both('description'), 50) + padLeft(both('qty'), 14) + padLeft(both('amount'), 18),
    ...i.lines.map(
      (line) =>
        pad(line.description, 50) +
        padLeft(`${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`, 14) +
        padLeft(w.number(line.amount), 18),
    ),
    '',
    ...amounts,
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${w.label('bank')}: IBAN ${i.iban}, BIC ${i.bic}`,
  ].join('\n');
};

const ocr: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const header = [`${w.label('issueDate')} ${w.date(i.issue)}`, `${w.label('customerNo')} ${i.customerNo}`];
  if (i.printDue && !w.sentencePrintsDue(sentence)) header.push(`${w.label('dueDate')} ${w.date(i.due)}`);
  return [
    `${i.vendor.name} ${i.vendor.street} ${w.place(i.vendor)}`,
    `${w.label('title')} ${i.number}`,
    i.buyer.name,
    `${i.buyer.street} ${w.place(i.buyer)}`,
    header.join(' '),
    ...i.lines.map((line, index) =>
      line.hourly
        ? `${lineText(w, index)} ${w.number(line.amount)}`
        : `${w.quantity(line.quantity)} ${line.description} ${w.number(line.unitPrice)} ${w.number(line.amount)}`,
    ),
    ...sums(w, true).map(([label, value]) => `${label} ${value}`),
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${i.vendor.name} ${w.label('vatId')} ${i.vatId} IBAN ${i.iban} ${w.label('phone')} ${i.phone}`,
  ].join('\n');
};

export const THIRD_LAYOUTS: Record<string, Layout> = { markdown, bilingual, ocr };

export { sums, taxLabel };
