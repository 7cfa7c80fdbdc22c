#!/usr/bin/env node
// Files over 250 lines, each with the reason written at its top ("Longer than 250 lines because …"), run by
// `npm run lint`: a long file is allowed when someone said why; a long file without a reason fails the lint.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

const LIMIT = 250;
const REASON = /longer than 250 lines because (.*)/i;

const files = execFileSync('git', ['ls-files', '*.ts', '*.js', '*.mjs', '*.cjs'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && !file.startsWith('lib/'));
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree, not yet in the index
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines <= LIMIT) continue;
  // The reason is in the top comment (its first 15 lines), possibly continued on the next comment line.
  const top = text.split('\n').slice(0, 15).join(' ').replace(/\s*(\/\/|\*)\s*/g, ' ');
  const reason = REASON.exec(top)?.[1];
  long.push({ file, lines, reason: reason && reason.split(/(?<=\.)\s/)[0] });
}
long.sort((a, b) => b.lines - a.lines);
const missing = long.filter((entry) => !entry.reason);
console.log(`${long.length} files over ${LIMIT} lines:`);
for (const entry of long) console.log(`  ${String(entry.lines).padStart(4)}  ${entry.file}: ${entry.reason ?? 'NO REASON'}`);
if (missing.length > 0) {
  console.error(
    `\n${missing.length} of them give no reason: split them, or write "Longer than ${LIMIT} lines because …" in their top comment.`,
  );
  process.exit(1);
}
