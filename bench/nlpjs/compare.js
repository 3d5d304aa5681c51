#!/usr/bin/env node
// compare.js — the NLP.js (node-nlp) yardstick for careerbot.
//
// Trains an NLP.js NlpManager on careerbot's exported knowledge base (one
// intent per entry id and language, every question phrasing as a training
// document, the entry's answer as the intent's answer), then runs question
// files (careerbot's eval format, JSON Lines) through it and judges every
// reply the way `careerbot eval` does (bot/eval/eval.go):
//
//   in scope  {"q","lang","expect":[re...]}: must be answered, in `lang`, and
//             the answer must match every pattern case-insensitively;
//   fallback  {"q","lang","fallback":true}: must not be answered.
//
// "Answered" means NLP.js returned an intent other than 'None' (its own
// default threshold of 0.5 decides that). Two variants are judged:
//
//   guessed  manager.process(text): NLP.js guesses the language itself,
//            exactly like careerbot, which is not told the language either;
//   given    manager.process(lang, text): the correct locale is handed over,
//            a kinder variant that careerbot does not get.
//
// Latency: every question of a file is processed ROUNDS times (after five
// warm-up rounds), each call timed with process.hrtime.bigint(); the median
// and p99 per question are reported in microseconds. Training is excluded.
//
// It can also judge careerbot's own `careerbot ask --json` output with the
// same code (--careerbot-replies), to check that this judge agrees with
// `careerbot eval`.
//
// Usage:
//   node compare.js --kb kb.json [--rounds 20] [--json out.json] [--verbose]
//                   [--sweep] [--careerbot-replies replies.jsonl ...] questions.jsonl ...
//   --verbose lists every miss; --sweep also scores stricter thresholds than
//   NLP.js's default 0.5 (informational; the headline figures use 0.5).
//   (with --careerbot-replies, give one replies file per question file, in order)

'use strict';

const fs = require('fs');
const path = require('path');
const os = require('os');
const { NlpManager } = require('node-nlp');

function usage(msg) {
  if (msg) console.error(`compare.js: ${msg}`);
  console.error(
    'usage: node compare.js --kb kb.json [--rounds N] [--json out.json] [--verbose] [--sweep] ' +
      '[--careerbot-replies replies.jsonl ...] questions.jsonl ...'
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { kb: null, rounds: 20, json: null, files: [], replies: [], verbose: false, sweep: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--kb') opts.kb = next();
    else if (a === '--rounds') opts.rounds = Number(next());
    else if (a === '--json') opts.json = next();
    else if (a === '--careerbot-replies') opts.replies.push(next());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--sweep') opts.sweep = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else opts.files.push(a);
  }
  if (!opts.kb) usage('--kb is required');
  if (opts.files.length === 0) usage('give at least one question file');
  if (!(opts.rounds >= 1)) usage('--rounds must be at least 1');
  if (opts.replies.length && opts.replies.length !== opts.files.length) {
    usage('give one --careerbot-replies file per question file');
  }
  return opts;
}

// loadCases reads a question file like bot/eval.Load: blank lines and lines
// starting with "//" are skipped; every other line is one case.
function loadCases(file) {
  const cases = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    let c;
    try {
      c = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${idx + 1}: not a question object: ${e.message}`);
    }
    if (!c.q || !String(c.q).trim()) throw new Error(`${file}:${idx + 1}: "q" is missing`);
    if (c.lang !== 'de' && c.lang !== 'en') throw new Error(`${file}:${idx + 1}: "lang" must be "de" or "en"`);
    const expect = c.expect || [];
    if (Boolean(c.fallback) === expect.length > 0) {
      throw new Error(`${file}:${idx + 1}: give either "expect" or "fallback": true`);
    }
    // The patterns are Go (RE2) regexps; the ones in use are plain
    // alternations, which mean the same in JavaScript. 'i' = case-insensitive
    // like Go's (?i); 'u' so that non-ASCII letters fold like in Go.
    const res = expect.map((p) => {
      try {
        return new RegExp(p, 'iu');
      } catch (e) {
        return new RegExp(p, 'i');
      }
    });
    cases.push({ line: idx + 1, q: c.q, lang: c.lang, expect, res, fallback: Boolean(c.fallback) });
  });
  if (cases.length === 0) throw new Error(`${file}: question file has no questions`);
  return cases;
}

// judge mirrors bot/eval.judge. reply: {answered, lang, text, id, score}.
function judge(c, reply) {
  if (c.fallback) {
    return reply.answered ? { pass: false, why: 'answered, but should not be' } : { pass: true };
  }
  if (!reply.answered) return { pass: false, why: 'not answered' };
  if (reply.lang !== c.lang) return { pass: false, why: `answered in ${reply.lang}, expected ${c.lang}` };
  for (let i = 0; i < c.res.length; i += 1) {
    if (!c.res[i].test(reply.text || '')) {
      return { pass: false, why: `answer does not match "${c.expect[i]}"` };
    }
  }
  return { pass: true };
}

function score(cases, replies) {
  const s = { inScope: 0, inScopePassed: 0, outOfScope: 0, outScopePassed: 0, misses: [] };
  cases.forEach((c, i) => {
    const j = judge(c, replies[i]);
    if (c.fallback) {
      s.outOfScope += 1;
      if (j.pass) s.outScopePassed += 1;
    } else {
      s.inScope += 1;
      if (j.pass) s.inScopePassed += 1;
    }
    if (!j.pass) s.misses.push({ line: c.line, lang: c.lang, q: c.q, why: j.why, got: replies[i].id || '-', score: replies[i].score });
  });
  s.inScopeRate = s.inScope ? s.inScopePassed / s.inScope : 1;
  s.outOfScopeRate = s.outOfScope ? s.outScopePassed / s.outOfScope : 1;
  return s;
}

function pct(x) {
  return `${(100 * x).toFixed(1)}%`;
}

function printScore(label, s, verbose) {
  if (verbose) {
    for (const m of s.misses) {
      const sc = typeof m.score === 'number' ? m.score.toFixed(2) : '-';
      console.log(`  MISS line ${m.line} [${m.lang}] ${JSON.stringify(m.q)}\n       ${m.why}; got ${m.got} (score ${sc})`);
    }
  }
  console.log(
    `  ${label.padEnd(28)} in scope ${String(s.inScopePassed).padStart(3)}/${s.inScope} (${pct(s.inScopeRate).padStart(6)})` +
      `   out of scope ${String(s.outScopePassed).padStart(3)}/${s.outOfScope} (${pct(s.outOfScopeRate).padStart(6)})`
  );
}

async function train(kb) {
  const manager = new NlpManager({
    languages: ['de', 'en'],
    forceNER: false,
    nlu: { log: false },
    // Only keeps NLP.js from writing model.nlp into the working directory;
    // it has no effect on the model.
    autoSave: false,
  });
  const answers = { de: new Map(), en: new Map() };
  let docs = 0;
  for (const e of kb.entries) {
    for (const lang of ['de', 'en']) {
      const t = e.texts && e.texts[lang];
      if (!t) continue;
      for (const q of t.questions || []) {
        manager.addDocument(lang, q, e.id);
        docs += 1;
      }
      if (t.answer) {
        manager.addAnswer(lang, e.id, t.answer);
        answers[lang].set(e.id, t.answer);
      }
    }
  }
  const t0 = process.hrtime.bigint();
  await manager.train();
  const trainMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { manager, answers, docs, trainMs };
}

// ask runs one question through NLP.js. With lang unset NLP.js guesses the
// language (manager.process(text)); otherwise the locale is given.
async function ask(manager, answers, text, lang) {
  let r;
  try {
    r = lang ? await manager.process(lang, text) : await manager.process(text);
  } catch (e) {
    // NLP.js throws when its guesser cannot name a language; that is no answer.
    return { answered: false, lang: undefined, text: '', id: '', score: 0, error: e.message };
  }
  const answered = Boolean(r.intent) && r.intent !== 'None';
  const locale = r.locale;
  const text2 = answered ? (answers[locale] && answers[locale].get(r.intent)) || r.answer || '' : '';
  return { answered, lang: locale, text: text2, id: answered ? r.intent : '', score: r.score };
}

const WARMUP_ROUNDS = 5;

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

async function latency(manager, cases, rounds, given) {
  // warm-up rounds (let V8 optimise), not counted
  for (let r = 0; r < WARMUP_ROUNDS; r += 1) {
    for (const c of cases) {
      // eslint-disable-next-line no-await-in-loop
      await (given ? manager.process(c.lang, c.q) : manager.process(c.q)).catch(() => {});
    }
  }
  const samples = [];
  for (let r = 0; r < rounds; r += 1) {
    for (const c of cases) {
      const t0 = process.hrtime.bigint();
      try {
        // eslint-disable-next-line no-await-in-loop
        await (given ? manager.process(c.lang, c.q) : manager.process(c.q));
      } catch (e) {
        /* counted like any other call */
      }
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    n: samples.length,
    medianUs: quantile(samples, 0.5),
    p99Us: quantile(samples, 0.99),
    meanUs: mean,
  };
}

function loadCareerbotReplies(file, cases) {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length !== cases.length) {
    throw new Error(`${file}: ${lines.length} replies for ${cases.length} questions`);
  }
  return lines.map((l) => {
    const r = JSON.parse(l);
    return { answered: Boolean(r.answered), lang: r.lang, text: r.answer || '', id: r.entry_id, score: r.confidence };
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const kb = JSON.parse(fs.readFileSync(opts.kb, 'utf8'));
  const pkg = require('node-nlp/package.json');

  const { manager, answers, docs, trainMs } = await train(kb);
  console.log(
    `NLP.js node-nlp ${pkg.version} on Node ${process.version}: trained ${kb.entries.length} entries, ` +
      `${docs} phrasings (de+en) in ${(trainMs / 1000).toFixed(1)} s`
  );
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0] ? os.cpus()[0].model : '?'}`);

  const out = {
    date: new Date().toISOString(),
    nlpjsVersion: pkg.version,
    node: process.version,
    cores: os.cpus().length,
    cpu: os.cpus()[0] ? os.cpus()[0].model : '',
    entries: kb.entries.length,
    documents: docs,
    trainMs,
    rounds: opts.rounds,
    files: [],
  };

  for (let fi = 0; fi < opts.files.length; fi += 1) {
    const file = opts.files[fi];
    const cases = loadCases(file);
    console.log(`\n${file}: ${cases.length} questions`);

    const guessed = [];
    const given = [];
    for (const c of cases) {
      // eslint-disable-next-line no-await-in-loop
      guessed.push(await ask(manager, answers, c.q));
      // eslint-disable-next-line no-await-in-loop
      given.push(await ask(manager, answers, c.q, c.lang));
    }
    let sweepOut;
    const sGuessed = score(cases, guessed);
    const sGiven = score(cases, given);
    const langRight = cases.filter((c, i) => guessed[i].lang === c.lang).length;
    printScore('NLP.js, language guessed', sGuessed, opts.verbose);
    printScore('NLP.js, language given', sGiven, opts.verbose);
    if (opts.sweep) {
      // Informational only: what a stricter threshold than NLP.js's default
      // 0.5 would do (language guessed). The headline figures use the default.
      const sweep = [];
      for (const t of [0.6, 0.7, 0.8, 0.9, 0.95, 0.99]) {
        const s = score(cases, guessed.map((r) => (r.answered && r.score >= t ? r : { ...r, answered: false })));
        sweep.push({ threshold: t, inScopeRate: s.inScopeRate, outOfScopeRate: s.outOfScopeRate });
        printScore(`  (threshold ${t})`, s, false);
      }
      sweepOut = sweep;
    }
    console.log(`  NLP.js language guess right for ${langRight}/${cases.length} questions`);

    const entry = {
      file: path.resolve(file),
      name: path.basename(file),
      questions: cases.length,
      guessed: { ...sGuessed, langRight },
      given: sGiven,
      sweep: sweepOut,
    };

    if (opts.replies.length) {
      const cb = score(cases, loadCareerbotReplies(opts.replies[fi], cases));
      printScore('careerbot (same judge)', cb, opts.verbose);
      entry.careerbotSameJudge = cb;
    }

    // eslint-disable-next-line no-await-in-loop
    const latGuessed = await latency(manager, cases, opts.rounds, false);
    // eslint-disable-next-line no-await-in-loop
    const latGiven = await latency(manager, cases, opts.rounds, true);
    console.log(
      `  NLP.js latency, language guessed: median ${latGuessed.medianUs.toFixed(0)} µs, p99 ${latGuessed.p99Us.toFixed(0)} µs ` +
        `(${latGuessed.n} calls, ${opts.rounds} rounds)`
    );
    console.log(
      `  NLP.js latency, language given:   median ${latGiven.medianUs.toFixed(0)} µs, p99 ${latGiven.p99Us.toFixed(0)} µs`
    );
    entry.latencyGuessed = latGuessed;
    entry.latencyGiven = latGiven;
    out.files.push(entry);
  }

  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  console.error(`compare.js: ${e.stack || e}`);
  process.exit(1);
});
