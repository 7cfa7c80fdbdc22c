/** `llm-cascade/scoring`: labelled inputs (expected values beside the text) and scoring a batch's results on them. */
export { LABEL_FIELD, scoreResults, valueCorrect, type Label, type ResultLine, type Score } from '../inputs/score';
export { readLabels, readResultLines } from '../inputs/labels';
