/**
 * Where a batch's items are and where its results go: locators only (a source, a cursor, an item's id and place),
 * never a document. JSON-safe and sandbox-safe, like every file under definitions/.
 */
/** Where a batch's items come from. `path` is absolute (resolved by the client). */
export interface BatchSource {
  /** `jsonl`: one item per line; `json`: one array; `dir`: one item per (non-hidden) file, sorted by name. */
  kind: 'jsonl' | 'json' | 'dir';
  path: string;
}

/** Where results and failures go: JSONL files, one line per item, appended through the idempotent sink. */
export interface BatchOutputs {
  resultsPath: string;
  errorsPath: string;
}

/** A position in the source: the 0-based entry index, and for JSONL the byte offset of that line. */
export interface BatchCursor {
  index: number;
  /** Byte offset of the entry (JSONL only; 0 otherwise). */
  offset: number;
}

/** One item as the parent sees it: an id and where to find it. Never the document itself. */
export interface BatchItemRef {
  id: string;
  at: BatchCursor;
  /** File name, for `dir` sources. */
  file?: string;
}

/** A page of items, with the cursor after it. */
export interface BatchPage {
  items: BatchItemRef[];
  next: BatchCursor;
  /** True when the source has no items past `next`. */
  exhausted: boolean;
  /** Items of this page left out because their id is already in the results or errors file (an earlier run). */
  skipped: number;
}
