/**
 * Three more tuning layouts (the second held-out part's, measured once and then tuned on): `stacked` (each label on
 * its own line above its value, a two-column table with the hours in the description), `tabbed` (a PDF extraction
 * that keeps tabs between columns, header fields beside the addresses) and `mail` (an invoice sent as the body of
 * an e-mail: the fields in sentences, the vendor in the signature).
 */
import { noVat, type Layout } from './layouts';
import { pad, padLeft, type Writer } from './format';
import { pick } from './model';

function lineText(w: Writer, index: number): string {
  const line = w.invoice.lines[index]!;
  return line.hourly
    ? `${line.description} (${w.quantity(line.quantity)} ${line.unit ?? 'h'} × ${w.number(line.unitPrice)})`
    : `${w.quantity(line.quantity)} × ${line.description} (${w.number(line.unitPrice)})`;
}

const stacked: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const fields: [string, string][] = [
    [w.label('invoiceNo'), i.number],
    [w.label('issueDate'), w.date(i.issue)],
  ];
  if (i.printDue && !w.sentencePrintsDue(sentence)) fields.push([w.label('dueDate'), w.date(i.due)]);
  const sums: [string, string][] =
    i.tax !== null
      ? [
          [w.label('subtotal'), w.number(i.subtotal)],
          [w.tax(i.taxRate), w.number(i.tax)],
        ]
      : [];
  sums.push([w.label('total'), w.money(i.total)]);
  return [
    i.vendor.name.toUpperCase(),
    `${i.vendor.street}, ${w.place(i.vendor)}`,
    `${w.label('phone')} ${i.phone} | ${w.label('vatId')} ${i.vatId}`,
    '',
    w.label('title').toUpperCase(),
    '',
    ...fields.flatMap(([label, value]) => [label, value, '']),
    w.label('billTo'),
    i.buyer.name,
    i.buyer.street,
    w.place(i.buyer),
    '',
    pad(w.label('description'), 56) + padLeft(w.label('amount'), 14),
    ...i.lines.map((line, index) => pad(lineText(w, index), 56) + padLeft(w.number(line.amount), 14)),
    '',
    ...sums.map(([label, value]) => `${label}: ${value}`),
    '',
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    `${w.label('bank')}: ${i.iban} (${w.label('accountHolder')}: ${i.vendor.name})`,
  ].join('\n');
};

const tabbed: Layout = (w) => {
  const { invoice: i } = w;
  const sentence = w.termSentence();
  const right = [`${w.label('invoiceNo')}: ${i.number}`, `${w.label('issueDate')}: ${w.date(i.issue)}`];
  if (i.printDue && !w.sentencePrintsDue(sentence)) right.push(`${w.label('dueDate')}: ${w.date(i.due)}`);
  right.push(`${w.label('customerNo')}: ${i.customerNo}`);
  const left = [i.vendor.name, i.vendor.street, w.place(i.vendor), `${w.label('phone')} ${i.phone}`];
  const header = left.map((text, index) => `${text}\t\t${right[index] ?? ''}`.trimEnd());
  const rows = i.lines.map((line, index) =>
    [
      index + 1,
      line.description,
      `${w.quantity(line.quantity)}${line.unit ? ` ${line.unit}` : ''}`,
      w.number(line.unitPrice),
      w.number(line.amount),
    ].join('\t'),
  );
  const sums =
    i.tax !== null
      ? [`\t\t\t${w.label('subtotal')}\t${w.number(i.subtotal)}`, `\t\t\t${w.tax(i.taxRate)}\t${w.number(i.tax)}`]
      : [];
  return [
    `${w.label('title').toUpperCase()}`,
    ...header,
    '',
    `${w.label('billTo')}:`,
    i.buyer.name,
    `${i.buyer.street}\t${w.place(i.buyer)}`,
    '',
    [w.label('pos'), w.label('description'), w.label('qty'), w.label('unitPrice'), w.label('amount')].join('\t'),
    ...rows,
    ...sums,
    `\t\t\t${w.label('total')}\t${w.money(i.total)}`,
    '',
    ...noVat(w),
    ...(sentence ? [`${w.label('terms')}: ${sentence}`] : []),
    `${w.label('bank')}: IBAN ${i.iban}\tBIC ${i.bic}\t${w.label('vatId')} ${i.vatId}`,
  ].join('\n');
};

const mail: Layout = (w) => {
  const { invoice: i, phrasings } = w;
  const sentence = w.termSentence();
  const fill = (template: string) =>
    template
      .replace('{title}', w.label('title').toLowerCase())
      .replace('{number}', i.number)
      .replace('{vendor}', i.vendor.name)
      .replace('{buyer}', i.buyer.name)
      .replace('{date}', w.date(i.issue))
      .replace('{total}', w.money(i.total))
      .replace('{due}', w.date(i.due));
  const items = i.lines.map((line, index) => `- ${lineText(w, index)}: ${w.number(line.amount)}`);
  const sums =
    i.tax !== null
      ? `${w.label('subtotal')} ${w.number(i.subtotal)}, ${w.tax(i.taxRate)} ${w.number(i.tax)}, ${w.label('total')} ${w.money(i.total)}.`
      : `${w.label('total')} ${w.money(i.total)}.`;
  const pay = i.printDue || !i.printTerm ? fill(pick(w.rng, phrasings.mail!.pay)) : undefined;
  return [
    fill(pick(w.rng, phrasings.mail!.subject)),
    '',
    fill(pick(w.rng, phrasings.mail!.greeting)),
    '',
    fill(pick(w.rng, phrasings.mail!.intro)),
    '',
    ...items,
    '',
    sums,
    ...noVat(w),
    ...(sentence ? [sentence] : []),
    ...(pay ? [pay] : []),
    `IBAN ${i.iban} · BIC ${i.bic}`,
    '',
    pick(w.rng, phrasings.mail!.regards),
    pick(w.rng, phrasings.mail!.people),
    i.vendor.name,
    `${i.vendor.street} · ${w.place(i.vendor)} · ${w.label('phone')} ${i.phone}`,
  ].join('\n');
};

export const MORE_LAYOUTS: Record<string, Layout> = { stacked, tabbed, mail };

export { lineText };
