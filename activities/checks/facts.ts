/**
 * What the checks read from an input, computed once and only when a check asks: its dates, amounts, terms,
 * currencies, labels and layout. The last few inputs are kept, since a cascade checks each tier's answer against
 * the same document.
 */
import { currenciesIn } from './currency';
import { dateOccurrences, type DateOccurrence } from './dates';
import { layoutOf, type Layout } from './near';
import { nonAmountSpans } from './non-amounts';
import { numberOccurrences, type NumberOccurrence } from './numbers';
import { normaliseText } from './strings';
import { termsIn, type Term } from './terms';
import { foldText, linesOf, type FoldedText } from './text';
import { KNOWN, labelHits, type LabelHit } from './vocabulary';

export interface InputFacts {
  text: string;
  normalised: () => string;
  folded: () => FoldedText;
  dateOccurrences: () => DateOccurrence[];
  /** Every day the input's dates can mean. */
  dates: () => number[];
  numberOccurrences: () => NumberOccurrence[];
  /** Every value the input's amounts and quantities can mean. */
  numbers: () => number[];
  terms: () => Term[];
  currencies: () => Set<string>;
  knownLabels: () => LabelHit[];
  layout: () => Layout;
}

function lazy<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}

function computeFacts(text: string): InputFacts {
  const facts: InputFacts = {
    text,
    normalised: lazy(() => normaliseText(text)),
    folded: lazy(() => foldText(text)),
    dateOccurrences: lazy(() => dateOccurrences(text)),
    dates: lazy(() => [...new Set(facts.dateOccurrences().flatMap((occurrence) => occurrence.days))]),
    numberOccurrences: lazy(() => numberOccurrences(text, [...nonAmountSpans(text, facts.dateOccurrences())])),
    numbers: lazy(() => facts.numberOccurrences().flatMap((occurrence) => occurrence.values)),
    terms: lazy(() => termsIn(text)),
    currencies: lazy(() => currenciesIn(text)),
    knownLabels: lazy(() => labelHits(facts.folded(), KNOWN)),
    layout: lazy(() =>
      layoutOf(text, linesOf(text), facts.numberOccurrences(), facts.dateOccurrences(), facts.knownLabels()),
    ),
  };
  return facts;
}

const CACHE = new Map<string, InputFacts>();
const CACHE_SIZE = 8;

/** The facts of `text`, from a small cache of recent inputs. */
export function factsOf(text: string): InputFacts {
  const cached = CACHE.get(text);
  if (cached) {
    CACHE.delete(text);
    CACHE.set(text, cached);
    return cached;
  }
  const facts = computeFacts(text);
  CACHE.set(text, facts);
  if (CACHE.size > CACHE_SIZE) CACHE.delete(CACHE.keys().next().value!);
  return facts;
}
