/**
 * Longer than 250 lines because it is the whole draw: parties, lines, terms, charges, the correct extraction and
 * every wrong answer of an invoice, kept together so the labels follow from the same numbers as the text.
 *
 * The labelled invoice set: invoices in English, German, French, Spanish, Italian, Dutch and Portuguese, each with
 * its correct extraction and the wrong answers small models give that a schema cannot see (the buyer or a city as
 * the vendor; the subtotal, a line amount, the tax or an hourly rate as the total; the issue date as the due date;
 * a fragment of a date as the total; the total as the subtotal, the rate as the tax, the customer number as the
 * invoice number). Two parts that share no layout, no seed and no phrasings: `tune` (the checks were tuned on it)
 * and `held` (held out: written before it was measured, never tuned on).
 *
 * `node lib/bench/invoice-set/generate.js` rewrites `bench/invoice-set/{tune,held}.jsonl` (deterministic).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashString, mulberry32, type Rng } from '../../sim/prng';
import { de } from './banks/de';
import { en } from './banks/en';
import { es } from './banks/es';
import { fr } from './banks/fr';
import { it } from './banks/it';
import { nl } from './banks/nl';
import { pt } from './banks/pt';
import { thirdDe } from './banks/tune3/de';
import { thirdEn } from './banks/tune3/en';
import { thirdEs } from './banks/tune3/es';
import { thirdFr } from './banks/tune3/fr';
import { thirdIt } from './banks/tune3/it';
import { thirdNl } from './banks/tune3/nl';
import { thirdPt } from './banks/tune3/pt';
import { fourthDe } from './banks/tune4/de';
import { fourthEn } from './banks/tune4/en';
import { fourthEs } from './banks/tune4/es';
import { fourthFr } from './banks/tune4/fr';
import { fourthIt } from './banks/tune4/it';
import { fourthNl } from './banks/tune4/nl';
import { fourthPt } from './banks/tune4/pt';
import { fifthDe } from './banks/tune5/de';
import { fifthEn } from './banks/tune5/en';
import { fifthEs } from './banks/tune5/es';
import { fifthFr } from './banks/tune5/fr';
import { fifthIt } from './banks/tune5/it';
import { fifthNl } from './banks/tune5/nl';
import { fifthPt } from './banks/tune5/pt';
import { heldDe } from './banks/held/de';
import { heldEn } from './banks/held/en';
import { heldEs } from './banks/held/es';
import { heldFr } from './banks/held/fr';
import { heldIt } from './banks/held/it';
import { heldNl } from './banks/held/nl';
import { heldPt } from './banks/held/pt';
import { moreDe } from './banks/tune2/de';
import { moreEn } from './banks/tune2/en';
import { moreEs } from './banks/tune2/es';
import { moreFr } from './banks/tune2/fr';
import { moreIt } from './banks/tune2/it';
import { moreNl } from './banks/tune2/nl';
import { morePt } from './banks/tune2/pt';
import { Writer, type Split } from './format';
import { TUNING_LAYOUTS } from './layouts';
import { FIFTH_LAYOUTS } from './layouts-fifth';
import { FOURTH_LAYOUTS } from './layouts-fourth';
import { HELD_LAYOUTS } from './layouts-held';
import { MORE_LAYOUTS } from './layouts-more';
import { THIRD_LAYOUTS } from './layouts-third';
import { between, pick, round2, type Bank, type Invoice, type Line, type Phrasings } from './model';

/** Per language: the bank, the tuning part's later phrasings (parts 2-5), the held-out part's own phrasings. */
export const BANKS: [Bank, Phrasings[], Phrasings][] = [
  [en, [moreEn, thirdEn, fourthEn, fifthEn], heldEn],
  [de, [moreDe, thirdDe, fourthDe, fifthDe], heldDe],
  [fr, [moreFr, thirdFr, fourthFr, fifthFr], heldFr],
  [es, [moreEs, thirdEs, fourthEs, fifthEs], heldEs],
  [it, [moreIt, thirdIt, fourthIt, fifthIt], heldIt],
  [nl, [moreNl, thirdNl, fourthNl, fifthNl], heldNl],
  [pt, [morePt, thirdPt, fourthPt, fifthPt], heldPt],
];

/** The tuning part's phrasings: the bank's and the later sets together. */
function tuningPhrasings(bank: Bank, more: Phrasings[]): Phrasings {
  const labels = Object.fromEntries(
    Object.entries(bank.labels).map(([key, list]) => [
      key,
      [...list, ...more.flatMap((set) => set.labels[key as keyof Bank['labels']])],
    ]),
  ) as Phrasings['labels'];
  const from = (pick: (set: Phrasings) => string[] | undefined) => more.flatMap((set) => pick(set) ?? []);
  return {
    labels,
    termSentences: [...bank.termSentences, ...from((set) => set.termSentences)],
    mail: more[0]!.mail,
    shipping: from((set) => set.shipping),
    taxOn: from((set) => set.taxOn),
    discount: from((set) => set.discount),
    greeting: from((set) => set.greeting),
    body: from((set) => set.body),
    carried: more.flatMap((set) => set.carried ?? []),
    page: from((set) => set.page),
  };
}

/** The layouts that print charges between the subtotal and the tax, and those that also print discounts. */
const CHARGES = new Set([...Object.keys(THIRD_LAYOUTS), ...Object.keys(FOURTH_LAYOUTS), ...Object.keys(HELD_LAYOUTS)]);
const DISCOUNTS = new Set([...Object.keys(FOURTH_LAYOUTS), ...Object.keys(HELD_LAYOUTS)]);

/** Invoices per language and part (the tuning part: four per layout). */
export const PER_LANGUAGE: Record<Split, number> = { tune: 72, held: 21 };
/** Seeds per part (`held6`: the sixth held-out part, see layouts-held.ts). */
const SEED: Record<Split, string> = { tune: 'tune', held: 'held6' };

/** The tuning part's layouts: every earlier part's. */
const TUNING = { ...TUNING_LAYOUTS, ...MORE_LAYOUTS, ...THIRD_LAYOUTS, ...FOURTH_LAYOUTS, ...FIFTH_LAYOUTS };

export interface WrongAnswer {
  kind: string;
  field: string;
  value: unknown;
}

export interface LabelledInvoice {
  id: string;
  language: string;
  layout: string;
  text: string;
  expected: Record<string, unknown>;
  wrong: WrongAnswer[];
}

const NUMBER_FORMATS: Record<string, ((rng: Rng, year: number) => string)[]> = {
  en: [(r) => `INV-${between(r, 1000, 9999)}`, (r, y) => `${y}-${between(r, 100, 999)}`],
  de: [(r, y) => `RE-${y}-${String(between(r, 1, 999)).padStart(4, '0')}`, (r, y) => `${y}${between(r, 100, 999)}`],
  fr: [(r, y) => `F${y}-${String(between(r, 1, 999)).padStart(4, '0')}`, (r) => `FA-${between(r, 100, 9999)}`],
  es: [(r, y) => `${y}/${between(r, 100, 999)}`, (r) => `A-${between(r, 1000, 9999)}`],
  it: [(r, y) => `${between(r, 1, 499)}/${y}`, (r, y) => `FPR ${between(r, 1, 499)}/${String(y).slice(2)}`],
  nl: [(r, y) => `${y}-${String(between(r, 1, 999)).padStart(4, '0')}`, (r) => `F${between(r, 10000, 99999)}`],
  pt: [(r, y) => `FT ${y}/${between(r, 1, 999)}`, (r) => `FT A/${between(r, 100, 999)}`],
};

const TERMS = [7, 10, 14, 14, 15, 20, 21, 30, 30, 30, 45, 60];

function party(rng: Rng, name: string, bank: Bank, country: Invoice['country']) {
  const [postcode, city] = pick(rng, country.cities);
  const number = between(rng, 1, 120);
  const street =
    bank.language === 'en' || bank.language === 'fr'
      ? `${number} ${pick(rng, bank.streets)}`
      : `${pick(rng, bank.streets)} ${number}`;
  return { name, street, postcode, city };
}

function endOfMonth(day: number): number {
  const date = new Date(day * 86_400_000);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / 86_400_000);
}

function drawLines(rng: Rng, bank: Bank): Line[] {
  const lines: Line[] = [];
  const count = between(rng, 1, 4);
  for (let k = 0; k < count; k++) {
    const hourly = rng() < 0.45;
    const [description, min, max] = pick(rng, hourly ? bank.services : bank.goods);
    if (lines.some((line) => line.description === description)) continue;
    const quantity = hourly ? between(rng, 2, 40) / (rng() < 0.3 ? 2 : 1) : between(rng, 1, 6);
    const unitPrice = rng() < 0.5 ? between(rng, min, max) : round2(between(rng, min * 100, max * 100) / 100);
    lines.push({
      description,
      quantity,
      unit: hourly ? pick(rng, bank.hourUnit) : undefined,
      unitPrice,
      amount: round2(quantity * unitPrice),
      hourly,
    });
  }
  return lines;
}

function drawInvoice(
  bank: Bank,
  split: Split,
  index: number,
  charges: { shipping: boolean; discount: boolean },
): Invoice {
  const rng = mulberry32(hashString(`${SEED[split]}:${bank.language}:${index}`));
  const country = pick(rng, bank.countries);
  const vendor = party(rng, pick(rng, bank.vendors), bank, country);
  const buyer = party(rng, pick(rng, bank.customers), bank, country);
  if (buyer.city === vendor.city)
    buyer.city = country.cities.find(([, city]) => city !== vendor.city)?.[1] ?? buyer.city;
  const issue = Math.round(Date.UTC(2024, 0, 1) / 86_400_000) + between(rng, 0, 540);
  const immediate = rng() < 0.08;
  const termEndOfMonth = !immediate && bank.endOfMonth !== undefined && rng() < 0.25;
  const termDays = immediate ? 0 : termEndOfMonth ? pick(rng, [30, 45, 60]) : pick(rng, TERMS);
  const due = termEndOfMonth ? endOfMonth(issue + termDays) : issue + termDays;
  const mode = immediate ? 'term' : pick(rng, ['term', 'due', 'both', 'both']);
  const lines = drawLines(rng, bank);
  const subtotal = round2(lines.reduce((sum, line) => sum + line.amount, 0));
  const taxRate = pick(rng, country.taxRates);
  // Only some layouts print a shipping charge or a discount (outside the subtotal, inside the taxed amount).
  const shipping = charges.shipping && rng() < 0.2 ? between(rng, 5, 60) + 0.9 : undefined;
  const discountRate = charges.discount && rng() < 0.15 ? pick(rng, [3, 5, 10]) : undefined;
  const discount = discountRate ? round2((subtotal * discountRate) / 100) : undefined;
  const taxed = subtotal + (shipping ?? 0) - (discount ?? 0);
  const tax = taxRate === 0 ? null : round2((taxed * taxRate) / 100);
  const year = new Date(issue * 86_400_000).getUTCFullYear();
  const digits = (n: number) => Array.from({ length: n }, () => between(rng, 0, 9)).join('');
  return {
    id: `${split}-${bank.language}-${String(index + 1).padStart(2, '0')}`,
    language: bank.language,
    country,
    vendor,
    buyer,
    number: pick(rng, NUMBER_FORMATS[bank.language]!)(rng, year),
    issue,
    due,
    termDays,
    termEndOfMonth,
    printDue: mode !== 'term' || termEndOfMonth,
    printTerm: mode !== 'due',
    delivery: rng() < 0.5 ? issue - between(rng, 1, 12) : undefined,
    customerNo: String(between(rng, 10000, 99999)),
    lines,
    subtotal,
    taxRate,
    tax,
    total: round2(taxed + (tax ?? 0)),
    shipping,
    discount,
    discountRate,
    phone: `${country.phonePrefix}${digits(3)} ${digits(4)}`,
    vatId: `${country.vatPrefix}${digits(9)}`,
    iban: `${country.ibanPrefix || 'US'}${digits(2)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)}`,
    bic: `${country.ibanPrefix || 'US'}BANK${digits(2)}XXX`.slice(0, 11),
    credit: false,
  };
}

function iso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function expectedOf(invoice: Invoice): Record<string, unknown> {
  return {
    docType: 'invoice',
    language: invoice.language,
    vendor: invoice.vendor.name,
    customer: invoice.buyer.name,
    documentNumber: invoice.number,
    issueDate: iso(invoice.issue),
    dueDate: iso(invoice.due),
    currency: invoice.country.currency,
    // An invoice without VAT prints no subtotal: the correct extraction has none (null, as the schema asks).
    subtotal: invoice.tax === null && invoice.discount === undefined ? null : invoice.subtotal,
    tax: invoice.tax,
    total: invoice.total,
    lineItems: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      amount: line.amount,
    })),
  };
}

/** A name the printed document leaves out (an e-mail that greets "Madame, Monsieur") is not in its extraction. */
function printedOnly(expected: Record<string, unknown>, text: string): Record<string, unknown> {
  const out = { ...expected };
  const lower = text.toLowerCase();
  for (const field of ['vendor', 'customer']) if (!lower.includes(String(out[field]).toLowerCase())) out[field] = null;
  return out;
}

/** Every wrong answer of the listed kinds that this invoice allows (a kind whose value would be right is left out). */
function wrongAnswers(invoice: Invoice, text: string, rng: Rng): WrongAnswer[] {
  const wrong: WrongAnswer[] = [];
  const differs = (value: number) => Math.abs(value - invoice.total) > 0.005;
  wrong.push({ kind: 'vendor is the buyer', field: 'vendor', value: invoice.buyer.name });
  wrong.push({
    kind: 'vendor is a city',
    field: 'vendor',
    value: rng() < 0.5 ? invoice.vendor.city : invoice.buyer.city,
  });
  if (invoice.tax !== null && differs(invoice.subtotal))
    wrong.push({ kind: 'total is the subtotal', field: 'total', value: invoice.subtotal });
  const line = invoice.lines.find((l) => differs(l.amount));
  if (line) wrong.push({ kind: 'total is a line amount', field: 'total', value: line.amount });
  if (invoice.tax !== null && invoice.tax > 0)
    wrong.push({ kind: 'total is the tax', field: 'total', value: invoice.tax });
  const rate = invoice.lines.find((l) => l.hourly && differs(l.unitPrice));
  if (rate) wrong.push({ kind: 'total is the hourly rate', field: 'total', value: rate.unitPrice });
  if (invoice.due !== invoice.issue)
    wrong.push({ kind: 'due date is the issue date', field: 'dueDate', value: iso(invoice.issue) });
  const date = new Date(invoice.issue * 86_400_000);
  const fragments = [date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCFullYear()].filter(differs);
  wrong.push({ kind: 'total is a fragment of a date', field: 'total', value: pick(rng, fragments) });
  if (invoice.tax !== null) wrong.push({ kind: 'subtotal is the total', field: 'subtotal', value: invoice.total });
  if (invoice.tax !== null && Math.abs(invoice.tax - invoice.taxRate) > 0.005)
    wrong.push({ kind: 'tax is the rate', field: 'tax', value: invoice.taxRate });
  if (text.includes(invoice.customerNo))
    wrong.push({ kind: 'invoice number is the customer number', field: 'documentNumber', value: invoice.customerNo });
  return wrong;
}

/** The labelled invoices of one part. */
export function generate(split: Split): LabelledInvoice[] {
  const out: LabelledInvoice[] = [];
  for (const [bank, more, held] of BANKS) {
    const layouts = Object.entries(split === 'held' ? HELD_LAYOUTS : TUNING);
    const phrasings = split === 'held' ? held : tuningPhrasings(bank, more);
    for (let index = 0; index < PER_LANGUAGE[split]; index++) {
      const [layout, print] = layouts[index % layouts.length]!;
      const charges = { shipping: CHARGES.has(layout), discount: DISCOUNTS.has(layout) };
      const invoice = drawInvoice(bank, split, index, charges);
      const rng = mulberry32(hashString(`${SEED[split]}:${invoice.id}:print`));
      const text = print(new Writer(invoice, bank, split, rng, phrasings));
      out.push({
        id: invoice.id,
        language: bank.language,
        layout,
        text,
        expected: printedOnly(expectedOf(invoice), text),
        wrong: wrongAnswers(invoice, text, rng),
      });
    }
  }
  return out;
}

if (require.main === module) {
  for (const split of ['tune', 'held'] as const) {
    const file = join(__dirname, '..', '..', '..', 'bench', 'invoice-set', `${split}.jsonl`);
    const items = generate(split);
    writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n') + '\n');
    process.stdout.write(
      `${file}: ${items.length} invoices, ${items.reduce((n, i) => n + i.wrong.length, 0)} wrong answers\n`,
    );
  }
}
