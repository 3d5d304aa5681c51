#!/usr/bin/env bash
# run.sh — careerbot vs. NLP.js (node-nlp) on the same knowledge base and
# the same question files, on this machine.
#
#   bench/nlpjs/run.sh [QUESTIONS.jsonl ...]
#
# Without arguments it uses testdata/eval.jsonl and, when present,
# /work/shared/eval/questions.jsonl.
#
# Environment: ROUNDS (NLP.js latency rounds, default 20), LINES (questions
# piped into `careerbot ask` for its timing, default 10000), KEEP=1 keeps
# the scratch directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-20}"
lines="${LINES:-10000}"

work="$(mktemp -d "${TMPDIR:-/tmp}/careerbot-nlpjs.XXXXXX")"
if [[ "${KEEP:-}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "scratch directory: $work"
fi

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
  files=("$root/testdata/eval.jsonl")
  if [[ -f /work/shared/eval/questions.jsonl ]]; then
    files+=("/work/shared/eval/questions.jsonl")
  else
    echo "note: /work/shared/eval/questions.jsonl not found, skipped" >&2
  fi
fi

now_ns() { date +%s%N; }

echo "== building careerbot"
(cd "$root" && go build -tags sqlite_fts5 -o "$work/careerbot" ./cmd/careerbot)
cb="$work/careerbot"
export CAREERBOT_DB="$work/kb.db"

echo "== exporting the knowledge base"
"$cb" kb export --format json "$work/kb.json"

if [[ ! -d "$here/node_modules" ]]; then
  echo "== npm ci"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

# questions FILE: one question per line, in file order, like eval.Load reads them.
questions() {
  node -e '
    const fs = require("fs");
    for (const raw of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
      const l = raw.trim();
      if (l === "" || l.startsWith("//")) continue;
      process.stdout.write(JSON.parse(l).q.replace(/[\r\n]+/g, " ") + "\n");
    }' "$1"
}

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

replies_args=()
cb_json="$work/careerbot.json"
echo '{"files":[' > "$cb_json"
sep=""
i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  name="$(basename "$f")"
  echo "== careerbot on $name"
  questions "$f" > "$work/q$i.txt"
  n="$(wc -l < "$work/q$i.txt")"

  # careerbot's own score
  set +e
  "$cb" eval "$f" > "$work/eval$i.txt" 2>&1
  set -e
  grep -E '^(in scope|out of scope|total):' "$work/eval$i.txt" || cat "$work/eval$i.txt"
  in_p="$(sed -nE 's/^in scope: +([0-9]+)\/([0-9]+).*/\1/p' "$work/eval$i.txt")"
  in_n="$(sed -nE 's/^in scope: +([0-9]+)\/([0-9]+).*/\2/p' "$work/eval$i.txt")"
  out_p="$(sed -nE 's/^out of scope: +([0-9]+)\/([0-9]+).*/\1/p' "$work/eval$i.txt")"
  out_n="$(sed -nE 's/^out of scope: +([0-9]+)\/([0-9]+).*/\2/p' "$work/eval$i.txt")"

  # careerbot's replies, judged again by compare.js as a check of its judge
  "$cb" ask --json < "$work/q$i.txt" > "$work/r$i.jsonl"
  replies_args+=(--careerbot-replies "$work/r$i.jsonl")

  # per-question time: the questions repeated to ~$lines lines through one
  # `careerbot ask --json` process, minus the start-up time of a 1-line run
  reps=$(( (lines + n - 1) / n ))
  for _ in $(seq "$reps"); do cat "$work/q$i.txt"; done | head -n "$lines" > "$work/big$i.txt"
  big_n="$(wc -l < "$work/big$i.txt")"
  head -n 1 "$work/q$i.txt" > "$work/one$i.txt"
  "$cb" ask --json < "$work/one$i.txt" > /dev/null # warm the page cache
  start_ns="$(for _ in 1 2 3 4 5 6 7; do
    t0=$(now_ns); "$cb" ask --json < "$work/one$i.txt" > /dev/null; t1=$(now_ns); echo $((t1 - t0))
  done | median)"
  big_ns="$(for _ in 1 2 3; do
    t0=$(now_ns); "$cb" ask --json < "$work/big$i.txt" > /dev/null; t1=$(now_ns); echo $((t1 - t0))
  done | median)"
  per_us="$(awk -v b="$big_ns" -v s="$start_ns" -v n="$big_n" 'BEGIN { printf "%.1f", (b - s) / (n - 1) / 1000 }')"
  echo "careerbot ask: $big_n questions in $((big_ns / 1000000)) ms, start-up $((start_ns / 1000000)) ms -> $per_us µs per question"

  printf '%s{"name":"%s","inPassed":%s,"inScope":%s,"outPassed":%s,"outOfScope":%s,"perQuestionUs":%s,"lines":%s,"startupMs":%s}\n' \
    "$sep" "$name" "${in_p:-0}" "${in_n:-0}" "${out_p:-0}" "${out_n:-0}" "$per_us" "$big_n" \
    "$(awk -v s="$start_ns" 'BEGIN { printf "%.1f", s / 1e6 }')" >> "$cb_json"
  sep=","
done

# The engine's own per-question latency (median and p99 over a mix of
# in-scope and out-of-scope questions on the default content, one core).
bench_txt="$work/gobench.txt"
echo "== go test -bench BenchmarkAsk ./knowledge/"
(cd "$root" && go test -run '^$' -bench 'BenchmarkAsk$' -benchtime 20000x -cpu 1 -count 5 ./knowledge/) | tee "$bench_txt"
printf '],"gobench":%s}\n' "$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$bench_txt")" >> "$cb_json"

echo "== NLP.js"
node "$here/compare.js" --kb "$work/kb.json" --rounds "$rounds" --sweep --json "$work/nlpjs.json" "${replies_args[@]}" "${files[@]}"

echo
node "$here/table.js" "$work/nlpjs.json" "$cb_json"
