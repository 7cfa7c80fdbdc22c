/**
 * Payment terms as invoices state them, per language, as data: `net 30`, `30 Tage netto`, `zahlbar innerhalb 30
 * Tagen`, `paiement à 30 jours`, `45 jours fin de mois`, `a 30 días`, `entro 30 giorni`, `binnen 30 dagen`,
 * `30 dias`, and the terms that mean "now" (`due on receipt`, `sofort fällig`, `à réception`). Each phrase is a
 * regex over folded text (lower case, no accents), `{n}` standing for the number of days; a phrase marked
 * `endOfMonth` moves the due date to a month's end (`30 jours fin de mois`).
 */
import { fold } from './text';

interface TermPhrase {
  /** Regex source over folded text; `{n}` is the number of days. */
  phrase: string;
  /** The term ends at a month's end (`fin de mois`, `fine mese`, `end of month`). */
  endOfMonth?: boolean;
  /** The phrase means payment at once: a term of 0 days (`{n}` unused). */
  immediate?: boolean;
}

const S = '\\s+';
const DAYS_EN = 'days?';

/** Written per language; the generic `{n} <days>` phrase of each language also reads periods (`14 days`). */
export const TERM_PHRASES: Record<string, TermPhrase[]> = {
  en: [
    { phrase: `net\\s*{n}` },
    { phrase: `n/{n}` },
    { phrase: `{n}[\\s-]*(?:calendar${S})?${DAYS_EN}` },
    {
      phrase: `{n}[\\s-]*${DAYS_EN}${S}(?:from${S}|after${S})?(?:the${S})?end${S}of${S}(?:the${S})?month`,
      endOfMonth: true,
    },
    { phrase: `{n}${S}${DAYS_EN}${S}eom|eom${S}{n}`, endOfMonth: true },
    {
      phrase: `(?:due|payable)${S}(?:up)?on${S}receipt|(?:due|payable)${S}immediately|cash${S}on${S}delivery`,
      immediate: true,
    },
  ],
  de: [
    { phrase: `{n}${S}tage?n?` },
    { phrase: `netto${S}{n}(?:${S}tage?n?)?` },
    { phrase: `{n}${S}tage?n?${S}(?:nach${S}|zum${S})?monatsende`, endOfMonth: true },
    {
      phrase: `(?:sofort${S}(?:fallig|zahlbar|ohne${S}abzug)|zahlbar${S}sofort|fallig${S}sofort|bei${S}erhalt)`,
      immediate: true,
    },
  ],
  fr: [
    { phrase: `{n}${S}jours` },
    { phrase: `{n}${S}j(?:\\.|${S}|$)` },
    { phrase: `{n}${S}jours${S}(?:net${S})?fin${S}de${S}mois|{n}${S}j${S}fdm`, endOfMonth: true },
    {
      phrase: `(?:a|des|a${S}la|a${S}compter${S}de${S}la)${S}reception(?:${S}de${S}(?:la${S})?facture)?|au${S}comptant|comptant`,
      immediate: true,
    },
  ],
  es: [
    { phrase: `{n}${S}dias` },
    { phrase: `{n}${S}dias${S}(?:netos${S})?fin${S}de${S}mes`, endOfMonth: true },
    {
      phrase: `(?:pago${S})?al${S}contado|a${S}la${S}vista|a${S}la${S}recepcion(?:${S}de${S}la${S}factura)?`,
      immediate: true,
    },
  ],
  it: [
    { phrase: `{n}${S}(?:giorni|gg\\.?)` },
    {
      phrase: `{n}${S}(?:giorni|gg\\.?)${S}(?:d\\.?\\s?f\\.?\\s?)?(?:f\\.?\\s*m\\.?|fine${S}mese)`,
      endOfMonth: true,
    },
    { phrase: `(?:a${S})?vista${S}fattura|rimessa${S}diretta${S}vista|pagamento${S}immediato`, immediate: true },
  ],
  nl: [
    { phrase: `{n}${S}dagen` },
    { phrase: `netto${S}{n}(?:${S}dagen)?` },
    { phrase: `{n}${S}dagen${S}(?:na${S})?einde${S}(?:van${S}de${S})?maand`, endOfMonth: true },
    {
      phrase: `(?:direct|per${S}omgaande)${S}(?:bij${S}ontvangst|te${S}voldoen)|contante${S}betaling|bij${S}ontvangst`,
      immediate: true,
    },
  ],
  pt: [
    { phrase: `{n}${S}dias` },
    { phrase: `{n}${S}dias${S}(?:apos${S})?(?:o${S})?fim${S}do${S}mes`, endOfMonth: true },
    { phrase: `(?:a${S})?pronto${S}pagamento|a${S}pronto|a${S}vista|na${S}rececao|na${S}recepcao`, immediate: true },
  ],
};

/** One term the input states. */
export interface Term {
  days: number;
  endOfMonth: boolean;
}

const NUMBER = '(?<!\\d[.,]?)(\\d{1,3})(?![.,]?\\d)';
const COMPILED = Object.values(TERM_PHRASES)
  .flat()
  .map((term) => ({
    regex: new RegExp(`(?<![\\p{L}])(?:${term.phrase.replaceAll('{n}', NUMBER)})(?![\\p{L}])`, 'gu'),
    term,
  }));

/** Every payment term or period the text states, in days (1..366, or 0 for "due on receipt"); no duplicates. */
export function termsIn(text: string): Term[] {
  const folded = fold(text);
  const found = new Map<string, Term>();
  for (const { regex, term } of COMPILED) {
    for (const match of folded.matchAll(regex)) {
      const days = term.immediate ? 0 : Number(match.slice(1).find((group) => group !== undefined));
      if (!Number.isInteger(days) || days < 0 || days > 366) continue;
      const endOfMonth = term.endOfMonth === true;
      found.set(`${days}:${endOfMonth}`, { days, endOfMonth });
    }
  }
  return [...found.values()];
}

/** The UTC day number of the last day of `day`'s month. */
export function endOfMonth(day: number): number {
  const date = new Date(day * 86_400_000);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / 86_400_000);
}

/** The due dates a term allows from `base`: base + days, and for an end-of-month term both common readings. */
export function dueDays(base: number, term: Term): number[] {
  if (!term.endOfMonth) return [base + term.days];
  return [endOfMonth(base + term.days), endOfMonth(base) + term.days];
}
