// Pure unit tests — the repetition-loop rule on answers shaped like small models' real loops (and real answers that
// must not be taken for one); no Temporal, no I/O
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repetitionLoopUnit } from '../../activities/cascade/repetition-loop';

/** The answer as max_tokens cut it: `head`, then `body` over and over, stopped mid-way after `chars` characters. */
function cutLoop(head: string, body: string, chars: number): string {
  let text = head;
  while (text.length < chars) text += body;
  return text.slice(0, chars);
}

const ITEM = [
  '    {',
  '      "description": "Beratungsleistung März 2025",',
  '      "quantity": 10,',
  '      "unitPrice": 150.00',
  '    },',
];

describe('repetition loops of whole lines and blocks', () => {
  it('a pretty-printed line item repeated until max_tokens (a 5-line block) is a loop', () => {
    const head = '{\n  "invoiceNumber": "RE-2025-0412",\n  "vendor": "Müller Beratung GmbH",\n  "lineItems": [\n';
    const text = cutLoop(head, ITEM.join('\n') + '\n', 1_400);
    const unit = repetitionLoopUnit(text);
    assert.ok(unit, 'found');
    assert.ok(unit.includes('"description": "Beratungsleistung März 2025"'), unit);
  });

  it('the same block whose indentation drifts while it loops is a loop (lines compared without their spaces)', () => {
    const head = '{\n  "lineItems": [\n';
    let text = head;
    for (let i = 0; i < 6; i++) text += ITEM.map((line) => ' '.repeat(i % 3) + line).join(i % 2 ? '\r\n' : '\n') + '\n';
    text += '    {\n      "descr';
    const unit = repetitionLoopUnit(text);
    assert.ok(unit?.includes('"quantity": 10,'), String(unit));
  });

  it('a long sentence repeated in a JSON string (one line, 100+ characters) is a loop', () => {
    const sentence =
      'Payment is due within 30 days of the invoice date; late payments incur interest of 1.5 % per month. ';
    const text = cutLoop('{"invoiceNumber": "INV-88", "notes": "', sentence, 1_000);
    assert.equal(repetitionLoopUnit(text)?.length, sentence.length);
  });

  it('a markdown table row repeated line after line is a loop', () => {
    const head = 'Here are the extracted line items:\n\n| Item | Qty | Price |\n|---|---|---|\n';
    const row = '| Consulting services (March) | 10 | 150.00 EUR |\n';
    const text = cutLoop(head, row, 700);
    // Cut mid-row, the repeating unit is the row rotated to end where the answer stops.
    const unit = repetitionLoopUnit(text);
    assert.equal(unit?.length, row.length);
    assert.ok((unit + unit).includes(row), String(unit));
  });

  it('a paragraph of three sentences repeated, each on its own line, is a loop', () => {
    const paragraph = [
      'The customer reports that the invoice total does not match the order confirmation.',
      'They ask for a corrected invoice and a credit note for the difference.',
      'Priority: high. Category: billing.',
      '',
    ].join('\n');
    const text = cutLoop('{"summary": "', paragraph, 1_200);
    assert.ok(repetitionLoopUnit(text)?.includes('credit note'));
  });
});

describe('real answers cut by max_tokens are not loops', () => {
  it('distinct line items, each a block of the same shape', () => {
    const items = Array.from({ length: 12 }, (_, i) =>
      [
        '    {',
        `      "description": "Line ${i + 1}: ${['Hosting', 'Support', 'Licence'][i % 3]}",`,
        `      "quantity": ${i + 1},`,
        `      "unitPrice": ${(i * 7.5 + 10).toFixed(2)}`,
        '    },',
      ].join('\n'),
    );
    const text = ('{\n  "lineItems": [\n' + items.join('\n')).slice(0, 1_100);
    assert.equal(repetitionLoopUnit(text), undefined);
  });

  it('closing brackets and blank lines repeated are too small to be a loop', () => {
    const text = '{\n  "a": {\n    "b": {\n      "c": 1\n    }\n  }\n}\n\n\n' + '}\n'.repeat(3) + '{"d":';
    assert.equal(repetitionLoopUnit(text), undefined);
  });

  it('a line seen twice is not enough; three times at the end is', () => {
    const line = '  "note": "Delivered to warehouse 4, gate B, before noon",';
    assert.equal(repetitionLoopUnit(`{\n${line}\n${line}\n  "total": 12`), undefined);
    assert.ok(repetitionLoopUnit(`{\n${line}\n${line}\n${line}\n  "to`));
  });

  it('prose that only reuses words', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Sentence ${i} says something about invoice ${i * 3}.`).join(
      '\n',
    );
    assert.equal(repetitionLoopUnit(text), undefined);
  });
});
