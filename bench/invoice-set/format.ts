/**
 * How one drawn invoice writes its values: numbers, money and dates through `Intl` in the country's locale (so
 * the set does not share a single line of code with the parsers it measures), phrasings picked from the tuning
 * bank or the held-out bank, and column helpers for the layouts.
 */
import type { Rng } from '../../sim/prng';
import { pick, type Bank, type Invoice, type LabelKey, type Party, type Phrasings } from './model';

export type Split = 'tune' | 'held';
export type DateStyle = 'numeric' | 'long' | 'short' | 'iso' | 'ordinal';

export class Writer {
  /** Phrasings picked once per document, so a document calls a field the same way throughout. */
  private readonly chosen = new Map<LabelKey, string>();
  readonly moneyStyle: Invoice['country']['money'][number];
  readonly dateStyle: DateStyle;

  constructor(
    readonly invoice: Invoice,
    readonly bank: Bank,
    readonly split: Split,
    readonly rng: Rng,
    /** The phrasings of this part (the tuning part's, or the held-out part's own). */
    readonly phrasings: Phrasings,
  ) {
    this.moneyStyle = pick(rng, invoice.country.money);
    const styles: DateStyle[] = ['numeric', 'numeric', 'numeric', 'long', 'short'];
    if (invoice.language === 'en' && invoice.country.locale === 'en-GB') styles.push('ordinal');
    if (invoice.language === 'pt' || invoice.language === 'nl') styles.push('iso');
    this.dateStyle = pick(rng, styles);
  }

  label(key: LabelKey): string {
    let phrase = this.chosen.get(key);
    if (phrase === undefined) {
      phrase = pick(this.rng, this.phrasings.labels[key]);
      this.chosen.set(key, phrase);
    }
    return phrase;
  }

  number(value: number): string {
    return new Intl.NumberFormat(this.invoice.country.locale, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(value);
  }

  quantity(value: number): string {
    return new Intl.NumberFormat(this.invoice.country.locale, { maximumFractionDigits: 2 }).format(value);
  }

  money(value: number): string {
    const { locale, currency } = this.invoice.country;
    switch (this.moneyStyle) {
      case 'symbol':
        return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
      case 'codeBefore':
        return `${currency} ${this.number(value)}`;
      case 'codeAfter':
        return `${this.number(value)} ${currency}`;
      case 'bare':
        return this.number(value);
    }
  }

  date(day: number, style: DateStyle = this.dateStyle): string {
    const date = new Date(day * 86_400_000);
    const locale = this.invoice.country.locale;
    const format = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options }).format(date);
    switch (style) {
      case 'numeric':
        return format({ day: '2-digit', month: '2-digit', year: 'numeric' });
      case 'long':
        return format({ day: 'numeric', month: 'long', year: 'numeric' });
      case 'short':
        return format({ day: 'numeric', month: 'short', year: 'numeric' });
      case 'iso':
        return date.toISOString().slice(0, 10);
      case 'ordinal': {
        const d = date.getUTCDate();
        const suffix =
          d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th';
        return `${d}${suffix} ${format({ month: 'long', year: 'numeric' })}`;
      }
    }
  }

  /** `70565 Stuttgart`, `Asheville, NC 28801`, `London EC1A 1BB`. */
  place(party: Party): string {
    if (!this.invoice.country.postcodeAfter) return `${party.postcode} ${party.city}`;
    return this.invoice.language === 'en' && this.invoice.country.locale === 'en-US'
      ? `${party.city}, ${party.postcode}`
      : `${party.city} ${party.postcode}`;
  }

  tax(rate: number): string {
    return this.label('tax').replace('{rate}', this.quantity(rate));
  }

  /** The payment-terms sentence for this invoice, or undefined when it prints none. */
  termSentence(): string | undefined {
    const { invoice, bank } = this;
    if (!invoice.printTerm) return undefined;
    if (invoice.termDays === 0) return pick(this.rng, bank.immediate);
    if (invoice.termEndOfMonth) return pick(this.rng, bank.endOfMonth!).replace('{n}', String(invoice.termDays));
    const sentences = this.phrasings.termSentences.filter((s) => invoice.printDue || !s.includes('{due}'));
    return pick(this.rng, sentences).replace('{n}', String(invoice.termDays)).replace('{due}', this.date(invoice.due));
  }

  /** Whether the term sentence already prints the due date (then the header need not). */
  sentencePrintsDue(sentence: string | undefined): boolean {
    return sentence !== undefined && sentence.includes(this.date(this.invoice.due));
  }
}

export function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

export function padLeft(text: string, width: number): string {
  return text.length >= width ? ` ${text}` : ' '.repeat(width - text.length) + text;
}
