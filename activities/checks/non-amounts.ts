/**
 * Where a document prints digits that are not amounts: dates, times, phone numbers, IBANs and card numbers, ids
 * (`INV-2024-0012`, `DE123456789`, `#0214`, `Kundennummer: 40877`) and long unseparated digit runs. A number inside
 * one of these spans grounds nothing (ids glued to letters, `INV-0042`, are left out by `numbers.ts`): a total of `1` is not "in" `2024-11-01`, nor `49` in `+49 89 1234567`.
 */
import { dateOccurrences, type DateOccurrence } from './dates';
import { foldText, type Span } from './text';
import { labelHits, vocabulary } from './vocabulary';

const TIME = /(?<![\d.,:])\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?(?![\d])|(?<!\d)\d{1,2}h\d{2}(?!\d)/giu;
/** An IBAN: country code, check digits, then groups (spaced by four or not). */
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g;
/** International (`+49 89 1234567`, `0049 …`) or bracketed (`(612) 555-0110`) phone numbers. */
const PHONE =
  /(?:\+|(?<![\d.,])00)\d{1,3}[ \t./-]?(?:\(0\)[ \t]?)?\d[\d \t./-]{5,}\d|\(\d{2,5}\)[ \t]?\d[\d \t.-]{4,}\d/g;
/** A phone-like label, then the number after it. */
const PHONE_LABELED =
  /\b(?:tel|tél|telefon|telephone|téléphone|teléfono|telefone|telefono|phone|fax|mobile?|mob|handy|gsm|tlf|cell)\b\.?[ \t]*(?:\([^)\n]*\)[ \t]*)?[:.]?[ \t]*\+?[\d(][\d \t()./-]{4,}\d/giu;
/** A card number masked or grouped (`**** 2231`, `4111 1111 1111 1111`); markdown's `**1.190,00**` is no mask. */
const CARD = /[*xX•]{4,}[\s-]?\d{2,4}|\b\d{4}(?:[ -]\d{4}){3}\b/g;
/** Seven or more digits with no separator: an account, tax or customer number, not an amount. */
const LONG_RUN = /(?<![\d.,'])\d{7,}(?![\d]|[.,]\d)/g;

/** Labels of identifiers; a number right after one (`No. 4711`, `Kundennummer: 40877`, `#0214`) is an id. */
const ID_LABELS = [
  '#',
  'no',
  'nr',
  'n°',
  'num',
  'number',
  'nummer',
  'numero',
  'id',
  'ref',
  'reference',
  'referenz',
  'referencia',
  'riferimento',
  'referentie',
  'kenmerk',
  'order',
  'po',
  'account',
  'konto',
  'kontonummer',
  'kundennummer',
  'kunden nr',
  'klantnummer',
  'auftrag',
  'bestellung',
  'commande',
  'pedido',
  'ordine',
  'bestelling',
  'encomenda',
  'ticket',
  'case',
  'siret',
  'siren',
  'cif',
  'nif',
  'nipc',
  'kvk',
  'hrb',
  'hra',
  'ust idnr',
  'steuernummer',
  'st nr',
  'p iva',
  'partita iva',
  'codice fiscale',
  'tax id',
  'blz',
  'sort code',
  'swift',
  'bic',
  'auth',
  'tran',
  'reg',
  'store',
  'filiale',
  'kasse',
  'bon',
  'beleg',
  'page',
  'seite',
];
const ID_WORDS = vocabulary(ID_LABELS.map((label) => [label, 'id'] as [string, string]));

/** Every span of `text` whose digits are not an amount or a quantity. */
export function nonAmountSpans(text: string, dates: readonly DateOccurrence[] = dateOccurrences(text)): Span[] {
  const spans: Span[] = dates.map(({ index, end }) => ({ index, end }));
  for (const regex of [TIME, IBAN, PHONE, PHONE_LABELED, CARD, LONG_RUN]) {
    for (const match of text.matchAll(regex)) {
      spans.push({ index: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
    }
  }
  // The number right after an id label, up to its end.
  for (const label of labelHits(foldText(text), ID_WORDS)) {
    const digits = /^[^\p{L}\p{N}\n]{0,3}[\d.,/-]*\d/u.exec(text.slice(label.end));
    if (digits) spans.push({ index: label.end, end: label.end + digits[0].length });
  }
  return spans;
}
