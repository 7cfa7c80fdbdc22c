/**
 * The labelled invoice set's vocabulary: what a language bank provides (company names, streets, items, the words
 * its invoices print) and the invoice a generator draws from it. The held-out part prints its invoices with words
 * of its own (`Phrasings`, written before the part was ever measured), so its figures are on unseen phrasings.
 */
import type { Rng } from '../../sim/prng';

export type LabelKey =
  | 'title'
  | 'invoiceNo'
  | 'issueDate'
  | 'dueDate'
  | 'deliveryDate'
  | 'customerNo'
  | 'billTo'
  | 'from'
  | 'pos'
  | 'description'
  | 'qty'
  | 'unitPrice'
  | 'amount'
  | 'subtotal'
  | 'tax'
  | 'total'
  | 'bank'
  | 'accountHolder'
  | 'phone'
  | 'vatId'
  | 'terms'
  | 'thanks';

/** One country a language's invoices come from. */
export interface CountryVariant {
  /** BCP 47 locale for `Intl` (numbers, dates): `de-DE`, `fr-FR`, `en-US`. */
  locale: string;
  currency: string;
  /** How amounts carry the currency: `1.234,50 €`, `€ 1.234,50`, `EUR 1.234,50`, `1.234,50 EUR`, or bare. */
  money: ('symbol' | 'codeBefore' | 'codeAfter' | 'bare')[];
  /** Standard and reduced VAT rates in percent (0: no VAT line). */
  taxRates: number[];
  /** `[postcode, city]` pairs. */
  cities: [string, string][];
  /** Postcode before the city (`70565 Stuttgart`) or after (`London EC1A 1BB`). */
  postcodeAfter?: boolean;
  phonePrefix: string;
  vatPrefix: string;
  ibanPrefix: string;
}

export interface Bank {
  language: string;
  countries: CountryVariant[];
  vendors: string[];
  customers: string[];
  streets: string[];
  /** `[description, min, max]` unit prices of goods. */
  goods: [string, number, number][];
  /** `[description, min, max]` hourly rates of services. */
  services: [string, number, number][];
  /** The hour unit printed after a quantity of hours (`h`, `Std.`, `heures`). */
  hourUnit: string[];
  /** The words the tuning part's invoices print for each field (the held-out part has its own `Phrasings`). */
  labels: Record<LabelKey, string[]>;
  /** Payment term sentences: `{n}` days, `{due}` the due date (a template without `{due}` states only the term). */
  termSentences: string[];
  /** A sentence saying no VAT is charged (small business, reverse charge), used on some VAT-free invoices. */
  noVat: string[];
  /** Immediate-payment sentences (term 0). */
  immediate: string[];
  /** Terms ending at a month's end (`30 jours fin de mois`), if the language writes them: `{n}` days. */
  endOfMonth?: string[];
}

/** A set of phrasings an invoice is printed with: field labels, term sentences, an e-mail's sentences. */
export interface Phrasings {
  labels: Record<LabelKey, string[]>;
  termSentences: string[];
  mail?: {
    /** `{title}` `{number}` `{vendor}` */
    subject: string[];
    /** `{buyer}` */
    greeting: string[];
    /** `{title}` `{number}` `{date}` (the issue date) */
    intro: string[];
    /** `{total}` `{due}` */
    pay: string[];
    regards: string[];
    people: string[];
  };
  /** A shipping or travel charge between the subtotal and the tax (`Versand`, `Frais de port`). */
  shipping?: string[];
  /** A tax line that prints its base: `{rate}`, `{base}` (`MwSt. 19 % auf 1.000,00`). */
  taxOn?: string[];
  /** A discount line after the subtotal: `{rate}` (`Rabatt 5 %`). */
  discount?: string[];
  /** A letter's salutation and opening sentence. */
  greeting?: string[];
  body?: string[];
  /** Across a page break: the amount carried forward at the foot of a page, and brought forward at the next head. */
  carried?: [string, string][];
  /** A page number: `{n}` this page, `{m}` the pages in all. */
  page?: string[];
}

export interface Line {
  description: string;
  quantity: number;
  unit?: string;
  unitPrice: number;
  amount: number;
  hourly: boolean;
}

export interface Party {
  name: string;
  street: string;
  postcode: string;
  city: string;
}

/** One drawn invoice, before a layout prints it. */
export interface Invoice {
  id: string;
  language: string;
  country: CountryVariant;
  vendor: Party;
  buyer: Party;
  number: string;
  issue: number;
  due: number;
  /** Days of the printed term (0: due at once), and whether the due date is printed too. */
  termDays: number;
  termEndOfMonth: boolean;
  printDue: boolean;
  printTerm: boolean;
  delivery?: number;
  customerNo: string;
  lines: Line[];
  subtotal: number;
  taxRate: number;
  tax: number | null;
  total: number;
  phone: string;
  vatId: string;
  iban: string;
  bic: string;
  credit: boolean;
  /** A shipping charge printed between the subtotal and the tax (it is in the taxed amount, not in the subtotal). */
  shipping?: number;
  /** A discount taken off the subtotal before tax, and its rate in percent. */
  discount?: number;
  discountRate?: number;
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
