// Pure unit tests — `catalog show` and `lint` fit the terminal: no line wider than its columns (100 when stdout is
// not a terminal), model refs and headers wrap instead of running to 400 columns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogShowText } from '../../cli/actions/catalog';
import { analyseTask, prefixReport } from '../../cli/actions/lint';
import { DEFAULT_TERMINAL_WIDTH, fittedTable, terminalWidth } from '../../cli/format';
import { loadCatalog } from '../../catalog/node/load';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
const TODAY = '2026-12-07';

/** The cells of every table row in `text`, each cell's wrapped lines joined again (no spaces: refs have none). */
function tableCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('│')) {
      if (row) rows.push(row);
      row = undefined;
      continue;
    }
    const cells = line.split('│').slice(1, -1);
    row = cells.map((cell, index) => (row?.[index] ?? '') + cell.trim());
  }
  return rows;
}

describe('terminal width', () => {
  it("a terminal's columns; 100 when stdout is a pipe or a file", () => {
    assert.equal(terminalWidth({ isTTY: true, columns: 132 }), 132);
    assert.equal(terminalWidth({ isTTY: false, columns: 132 }), DEFAULT_TERMINAL_WIDTH);
    assert.equal(terminalWidth({}), 100);
  });

  it('fittedTable keeps words whole while a column can give, and every line within the width', () => {
    const text = fittedTable(
      ['tier', 'candidate', 'structured output'],
      [['economy', 'fireworks/accounts/fireworks/models/qwen2p5-72b-instruct', 'json_schema']],
      50,
      [1, 2],
    );
    assert.ok(widest(text) <= 50, text);
    assert.match(text, /qwen2p5-72b-instruct/);
  });
});

describe('catalog show and lint fit the terminal', () => {
  const catalog = loadCatalog();
  for (const width of [80, 100, 160]) {
    it(`catalog show of the built-in catalog at ${width} columns`, () => {
      const text = catalogShowText(catalog, 'built-in catalog', TODAY, width);
      assert.ok(widest(text) <= width, `${widest(text)} columns`);
      // Nothing lost to the wrapping: every candidate of every route is in its cell, put together again.
      const candidates = new Set(tableCells(text).map((cells) => cells[1]));
      for (const route of Object.values(catalog.routes))
        for (const tier of route.tiers) for (const ref of tier.candidates) assert.ok(candidates.has(ref), ref);
    });

    it(`lint of every task at ${width} columns`, () => {
      for (const task of Object.keys(catalog.routes)) {
        const text = prefixReport(analyseTask(catalog, task), width);
        assert.ok(widest(text) <= width, `${task}: ${widest(text)} columns`);
      }
    });
  }

  it('a wide terminal keeps the natural widths (nothing wraps that fits)', () => {
    const text = catalogShowText(catalog, 'built-in catalog', TODAY, 400);
    assert.match(text, /│ structured output │/);
  });
});
