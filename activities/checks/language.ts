/**
 * A rough guess of a document's language from its commonest words, for one decision only: whether an ambiguous
 * numeric date (`03/04/2025`) is read day-first. Every language here but US English writes the day first; English
 * with pounds or euros does too. A guess that is not clear leaves both readings in play.
 */
import { fold } from './text';

/** Short, frequent words of invoices and letters, per language (folded: lower case, no accents). */
const WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'invoice', 'total', 'due', 'date', 'please', 'amount', 'thank', 'you', 'for', 'of', 'to'],
  de: ['und', 'der', 'die', 'das', 'rechnung', 'betrag', 'datum', 'bitte', 'wir', 'ihre', 'sie', 'mit', 'fur'],
  fr: ['le', 'la', 'les', 'et', 'facture', 'montant', 'du', 'des', 'vous', 'pour', 'nous', 'votre', 'au'],
  es: ['el', 'la', 'los', 'las', 'y', 'factura', 'importe', 'fecha', 'del', 'por', 'para', 'su', 'con'],
  it: ['il', 'lo', 'la', 'e', 'fattura', 'importo', 'di', 'del', 'per', 'con', 'vi', 'della', 'sono'],
  nl: ['de', 'het', 'en', 'factuur', 'bedrag', 'datum', 'van', 'voor', 'wij', 'uw', 'met', 'een', 'te'],
  pt: ['o', 'os', 'as', 'e', 'fatura', 'valor', 'do', 'da', 'para', 'com', 'obrigado', 'em', 'no'],
  sv: ['och', 'att', 'faktura', 'belopp', 'datum', 'att', 'betala', 'för', 'med', 'till', 'som'],
};

/** The language whose words the text uses most, when it leads the next one clearly; otherwise undefined. */
export function guessLanguage(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const word of fold(text).match(/\p{L}+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  const scores = Object.entries(WORDS)
    .map(([language, words]) => [language, new Set(words.map(fold))] as const)
    .map(([language, words]) => ({ language, score: [...words].reduce((sum, w) => sum + (counts.get(w) ?? 0), 0) }))
    .sort((a, b) => b.score - a.score);
  const [best, next] = scores;
  if (!best || best.score < 3 || best.score < 1.5 * (next?.score ?? 0)) return undefined;
  return best.language;
}

/**
 * How the document writes numeric dates: `dmy`, `mdy`, or `both` when nothing decides. Dates that only one order
 * can read (`15/03/2025`, `03/15/2025`) decide first; then the language (any but English is day-first; English
 * with £, € or "VAT" is day-first).
 */
export function numericDateOrder(text: string, unambiguous: { dmy: number; mdy: number }): 'dmy' | 'mdy' | 'both' {
  if (unambiguous.dmy > 0 && unambiguous.mdy === 0) return 'dmy';
  if (unambiguous.mdy > 0 && unambiguous.dmy === 0) return 'mdy';
  if (unambiguous.dmy > 0 && unambiguous.mdy > 0) return 'both';
  const language = guessLanguage(text);
  if (language && language !== 'en') return 'dmy';
  if (language === 'en' && /£|€|\b(?:GBP|EUR)\b|\bVAT\b/.test(text) && !/\$|\bUSD\b/.test(text)) return 'dmy';
  return 'both';
}
