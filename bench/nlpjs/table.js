#!/usr/bin/env node
// table.js NLPJS.json CAREERBOT.json — the side-by-side table run.sh prints.
'use strict';

const fs = require('fs');

const [nlpFile, cbFile] = process.argv.slice(2);
if (!nlpFile || !cbFile) {
  console.error('usage: node table.js nlpjs.json careerbot.json');
  process.exit(2);
}
const nlp = JSON.parse(fs.readFileSync(nlpFile, 'utf8'));
const cb = JSON.parse(fs.readFileSync(cbFile, 'utf8'));

const pct = (p, n) => `${n ? ((100 * p) / n).toFixed(1) : '-'}% (${p}/${n})`;
const us = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${x.toFixed(0)}` : '-');

const rows = [];
const head = ['file', 'system', 'in scope', 'out of scope', 'µs/question (median)', 'µs/question (mean)'];
nlp.files.forEach((f, i) => {
  const c = cb.files[i] || {};
  rows.push([f.name, 'careerbot', pct(c.inPassed, c.inScope), pct(c.outPassed, c.outOfScope), '-', `${c.perQuestionUs} (pipe)`]);
  rows.push([
    '',
    'NLP.js, language guessed',
    pct(f.guessed.inScopePassed, f.guessed.inScope),
    pct(f.guessed.outScopePassed, f.guessed.outOfScope),
    `${us(f.latencyGuessed.medianUs)} (p99 ${us(f.latencyGuessed.p99Us)})`,
    us(f.latencyGuessed.meanUs),
  ]);
  rows.push([
    '',
    'NLP.js, language given',
    pct(f.given.inScopePassed, f.given.inScope),
    pct(f.given.outScopePassed, f.given.outOfScope),
    `${us(f.latencyGiven.medianUs)} (p99 ${us(f.latencyGiven.p99Us)})`,
    us(f.latencyGiven.meanUs),
  ]);
  if (f.careerbotSameJudge) {
    const s = f.careerbotSameJudge;
    if (s.inScopePassed !== c.inPassed || s.outScopePassed !== c.outPassed) {
      console.log(
        `warning: ${f.name}: compare.js judges careerbot's replies ${s.inScopePassed}/${s.outScopePassed}, ` +
          `careerbot eval says ${c.inPassed}/${c.outPassed}`
      );
    }
  }
});

const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => String(r[j]).length)));
const line = (r) => `| ${r.map((x, j) => String(x).padEnd(widths[j])).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
rows.forEach((r) => console.log(line(r)));
console.log(
  `\nNLP.js node-nlp ${nlp.nlpjsVersion}, Node ${nlp.node}, ${nlp.rounds} rounds; ${nlp.cores} cores (${nlp.cpu}); ${nlp.date}`
);
console.log(
  "careerbot µs/question = (wall time of `careerbot ask --json` over the repeated questions − 1-line start-up) / lines;" +
    ' NLP.js = manager.process() per call, training excluded.'
);
if (cb.gobench && cb.gobench.trim()) {
  console.log('\ngo test -bench BenchmarkAsk -cpu 1 ./knowledge/ (p50-ns is the median per question):');
  cb.gobench
    .split('\n')
    .filter((l) => /^Benchmark/.test(l))
    .forEach((l) => console.log(`  ${l}`));
}
