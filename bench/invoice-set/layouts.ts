/**
 * Six ways an invoice comes out of a PDF as text, the tuning part's layouts. (`letter`, `compact` and `summary` were
 * the first held-out part's; once that part was measured they joined the tuning part and the held-out part got new
 * layouts: the second's are in `layouts-more.ts`, then `layouts-third.ts`, `layouts-fourth.ts`, `layouts-fifth.ts`,
 * and the current held-out part's in `layouts-held.ts`.)
 */
import { pad, padLeft, type Writer } from './format';

export type Layout = (w: Writer) => string;

function table(w: Writer, withPos: boolean): string[] {
  const { invoice } = w;
  const head =
    (withPos ? pad(w.label('pos'), 6) : '') +
    pad(w.label('description'), 38) +
    padLeft(w.label('qty'), 8) +
    padLeft(w.label('unitPrice'), 16) +
    padLeft(w.label('amount'), 14);
  const rows = invoice.lines.map(
    (line, index) =>
      (withPos ? pad(String(index + 1), 6) : '') +
      pad(line.description, 38) +
      padLeft(`${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`, 8) +
      padLeft(w.number(line.unitPrice), 16) +
      padLeft(w.number(line.amount), 14),
  );
  return [head, ...rows];
}

function totals(w: Writer, indent: number, width: number): string[] {
  const { invoice } = w;
  const row = (label: string, value: string) => ' '.repeat(indent) + pad(label, width) + padLeft(value, 16);
  const out = [];
  if (invoice.tax !== null) {
    out.push(row(w.label('subtotal'), w.number(invoice.subtotal)));
    out.push(row(w.tax(invoice.taxRate), w.number(invoice.tax)));
  }
  out.push(row(w.label('total'), w.money(invoice.total)));
  return out;
}

function noVat(w: Writer): string[] {
  return w.invoice.tax === null && w.rng() < 0.7 ? [w.bank.noVat[Math.floor(w.rng() * w.bank.noVat.length)]!] : [];
}

function headerDates(w: Writer, sentence: string | undefined, separator = ': '): string[] {
  const { invoice } = w;
  const out = [`${w.label('issueDate')}${separator}${w.date(invoice.issue)}`];
  if (invoice.delivery !== undefined && w.rng() < 0.5)
    out.push(`${w.label('deliveryDate')}${separator}${w.date(invoice.delivery)}`);
  if (invoice.printDue && !w.sentencePrintsDue(sentence))
    out.push(`${w.label('dueDate')}${separator}${w.date(invoice.due)}`);
  return out;
}

const classic: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  return [
    i.vendor.name,
    i.vendor.street,
    w.place(i.vendor),
    `${w.label('phone')} ${i.phone}`,
    `${w.label('vatId')}: ${i.vatId}`,
    '',
    `${w.label('billTo')}:`,
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    w.label('title').toUpperCase(),
    '',
    `${w.label('invoiceNo')}: ${i.number}`,
    ...headerDates(w, sentence),
    `${w.label('customerNo')}: ${i.customerNo}`,
    '',
    ...table(w, w.rng() < 0.5),
    '',
    ...totals(w, 40, 24),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${w.label('bank')}: IBAN ${i.iban} · BIC ${i.bic}`,
    w.label('thanks'),
  ].join('\n');
};

const columns: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const right = (left: string, text: string) => pad(left, 48) + text;
  const heads = [w.label('invoiceNo'), w.label('issueDate')];
  const values = [i.number, w.date(i.issue)];
  if (i.printDue && !w.sentencePrintsDue(sentence)) {
    heads.push(w.label('dueDate'));
    values.push(w.date(i.due));
  }
  heads.push(w.label('customerNo'));
  values.push(i.customerNo);
  const widths = heads.map((head, index) => Math.max(head.length, values[index]!.length) + 4);
  return [
    right(w.label('title').toUpperCase(), i.vendor.name),
    right('', i.vendor.street),
    right('', w.place(i.vendor)),
    right('', `${w.label('phone')} ${i.phone}`),
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    heads.map((head, index) => pad(head, widths[index]!)).join(''),
    values.map((value, index) => pad(value, widths[index]!)).join(''),
    '',
    ...table(w, true),
    '-'.repeat(80),
    ...totals(w, 0, 30),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    '',
    `${i.vendor.name} · ${i.vendor.street} · ${w.place(i.vendor)} · ${w.label('vatId')} ${i.vatId}`,
    `${w.label('bank')} IBAN ${i.iban}`,
  ].join('\n');
};

const sideBySide: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const two = (a: string, b: string) => pad(a, 40) + b;
  const amounts = i.tax !== null ? [w.label('subtotal'), w.tax(i.taxRate), w.label('total')] : [w.label('total')];
  const values = i.tax !== null ? [w.number(i.subtotal), w.number(i.tax), w.money(i.total)] : [w.money(i.total)];
  const widths = amounts.map((label, index) => Math.max(label.length, values[index]!.length) + 6);
  return [
    `${w.label('title').toUpperCase()} ${i.number}`,
    headerDates(w, sentence).join('      '),
    '',
    two(`${w.label('from')}:`, `${w.label('billTo')}:`),
    two(i.vendor.name, i.buyer.name),
    two(i.vendor.street, i.buyer.street),
    two(w.place(i.vendor), w.place(i.buyer)),
    '',
    ...table(w, false),
    '',
    amounts.map((label, index) => pad(label, widths[index]!)).join(''),
    values.map((value, index) => pad(value, widths[index]!)).join(''),
    '',
    ...noVat(w),
    ...(sentence ? [`${w.label('terms')}: ${sentence}`] : []),
    `${w.label('accountHolder')}: ${i.vendor.name}, IBAN ${i.iban}`,
  ].join('\n');
};

const letter: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const lines = i.lines.map(
    (line) =>
      `${line.description}: ${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''} × ${w.number(line.unitPrice)} = ${w.number(line.amount)}`,
  );
  const dated = w.rng() < 0.5;
  return [
    `${i.vendor.name} · ${i.vendor.street} · ${w.place(i.vendor)} · ${w.label('phone')} ${i.phone}`,
    '',
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    padLeft(`${i.vendor.city}, ${w.date(i.issue, 'long')}`, 78),
    '',
    `${w.label('title')} ${w.label('invoiceNo')} ${i.number}`,
    ...(dated
      ? headerDates(w, sentence)
      : i.printDue && !w.sentencePrintsDue(sentence)
        ? [`${w.label('dueDate')}: ${w.date(i.due)}`]
        : []),
    '',
    ...lines,
    '',
    ...totals(w, 0, 28),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${w.label('bank')}: ${w.label('accountHolder')} ${i.vendor.name} · IBAN ${i.iban} · BIC ${i.bic}`,
    w.label('thanks'),
  ].join('\n');
};

const compact: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const lines = i.lines.map(
    (line) =>
      `- ${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''} x ${line.description} à ${w.number(line.unitPrice)} = ${w.number(line.amount)}`,
  );
  const sums =
    i.tax !== null
      ? `${w.label('subtotal')} ${w.number(i.subtotal)} | ${w.tax(i.taxRate)} ${w.number(i.tax)} | ${w.label('total')} ${w.money(i.total)}`
      : `${w.label('total')} ${w.money(i.total)}`;
  return [
    w.label('title').toUpperCase(),
    `${w.label('from')}: ${i.vendor.name}, ${i.vendor.street}, ${w.place(i.vendor)}, ${w.label('vatId')} ${i.vatId}`,
    `${w.label('billTo')}: ${i.buyer.name}, ${i.buyer.street}, ${w.place(i.buyer)}`,
    [`${w.label('invoiceNo')}: ${i.number}`, ...headerDates(w, sentence)].join(' | '),
    `${w.label('customerNo')}: ${i.customerNo}`,
    '',
    ...lines,
    '',
    sums,
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `IBAN ${i.iban} · BIC ${i.bic} · ${w.label('phone')} ${i.phone}`,
  ].join('\n');
};

const summary: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const right = (text: string) => ' '.repeat(44) + text;
  const dots = (label: string, value: string) => `${label} ${'.'.repeat(Math.max(3, 24 - label.length))} ${value}`;
  return [
    right(i.vendor.name),
    right(i.vendor.street),
    right(w.place(i.vendor)),
    right(`${w.label('vatId')}: ${i.vatId}`),
    '',
    w.label('billTo'),
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    w.label('title'),
    dots(w.label('invoiceNo'), i.number),
    ...headerDates(w, sentence).map((line) => {
      const [label, value] = line.split(': ');
      return dots(label!, value!);
    }),
    '',
    ...table(w, true),
    '',
    ...totals(w, 30, 30),
    '',
    ...noVat(w),
    ...(sentence ? [`${w.label('terms')}: ${sentence}`] : []),
    w.label('thanks'),
    `${i.vendor.name} – ${w.label('bank')} – IBAN ${i.iban} – ${w.label('phone')} ${i.phone}`,
  ].join('\n');
};

export const TUNING_LAYOUTS: Record<string, Layout> = { classic, columns, sideBySide, letter, compact, summary };

export { table, totals, noVat, headerDates };
