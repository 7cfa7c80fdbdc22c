/**
 * Currency consistency: the currency an answer names (ISO code, symbol or name) must be one the input shows.
 * `$` is ambiguous (USD, CAD, AUD, …) and allows all of them; an input with no currency at all contradicts nothing.
 */

const SYMBOLS: [RegExp, string[]][] = [
  [/£/, ['GBP']],
  [/€/, ['EUR']],
  [/¥|￥/, ['JPY', 'CNY']],
  [/₹/, ['INR']],
  [/₩/, ['KRW']],
  [/₽/, ['RUB']],
  [/₺/, ['TRY']],
  [/₪/, ['ILS']],
  [/R\$/, ['BRL']],
  [/\bC\$|CA\$/, ['CAD']],
  [/\bA\$|AU\$/, ['AUD']],
  [/\$/, ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN']],
  [/\bFr\.|\bSFr\b/i, ['CHF']],
  [/\bkr\b/i, ['SEK', 'NOK', 'DKK', 'ISK']],
  [/\bz[łl]\b/i, ['PLN']],
  [/\beuros?\b/i, ['EUR']],
  [/\b(?:pounds?|sterling)\b/i, ['GBP']],
  [/\b(?:us\s+)?dollars?\b/i, ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD']],
  [/\byen\b/i, ['JPY']],
  [/\byuan\b|\brmb\b/i, ['CNY']],
  [/\brupees?\b/i, ['INR']],
  [/\bfrancs?\b/i, ['CHF']],
];
const CODES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CNY',
  'INR',
  'KRW',
  'RUB',
  'TRY',
  'ILS',
  'BRL',
  'CAD',
  'AUD',
  'NZD',
  'SGD',
  'HKD',
  'MXN',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'ISK',
  'PLN',
  'CZK',
  'HUF',
  'ZAR',
];

/** Every ISO currency code the text gives evidence of. */
export function currenciesIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const [pattern, codes] of SYMBOLS) if (pattern.test(text)) codes.forEach((code) => found.add(code));
  for (const code of CODES) if (new RegExp(`\\b${code}\\b`).test(text)) found.add(code);
  return found;
}

/** The ISO codes an answer's currency value can mean (`GBP`, `£`, `pounds`). */
export function currencyCodesOf(value: string): Set<string> {
  const code = value.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(code)) return new Set([code]);
  return currenciesIn(value);
}
