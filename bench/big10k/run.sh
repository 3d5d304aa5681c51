#!/usr/bin/env bash
# run.sh — the issue's 10,000-entry check, end to end, on this machine:
# export the default content from a fresh database, add 10,000 entries
# with a random vocabulary (shared/bench/synth_kb.py), `kb import
# --replace` them, then time `careerbot ask --json` on 10,000 questions
# (questions.py). Every timed step runs RUNS times (default 5); the
# medians of wall time, CPU time (user + system) and peak RSS are printed
# (/usr/bin/time -v). On a shared machine the wall time depends on what
# else runs; CPU time less so.
#
#   bench/big10k/run.sh
#
# Environment: SYNTH (path of synth_kb.py, default
# /work/shared/bench/synth_kb.py), N (entries, default 10000), RUNS,
# BIN (a careerbot binary to time instead of building this tree, to
# compare versions), KEEP=1 keeps the scratch directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
synth="${SYNTH:-/work/shared/bench/synth_kb.py}"
n="${N:-10000}"
runs="${RUNS:-5}"

work="$(mktemp -d "${TMPDIR:-/tmp}/careerbot-big10k.XXXXXX")"
if [[ "${KEEP:-}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "scratch directory: $work"
fi
export CAREERBOT_DB="$work/kb.db"

if [[ -n "${BIN:-}" ]]; then
  cp "$BIN" "$work/careerbot"
else
  (cd "$root" && go build -o "$work/careerbot" ./cmd/careerbot)
fi
"$work/careerbot" kb export --format json "$work/real.json" 2>/dev/null
python3 "$synth" "$work/real.json" "$n" "$work/big.json"
evals=("$root/testdata/eval.jsonl")
[[ -f /work/shared/eval/questions.jsonl ]] && evals+=(/work/shared/eval/questions.jsonl)
python3 "$here/questions.py" "$work/big.json" 10000 "$work/q10k.txt" "${evals[@]}"

# timed LABEL CMD...: runs CMD $runs times, prints the median wall time and
# peak RSS. Stdin is $work/stdin.
timed() {
  local label="$1"; shift
  local walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" <"$work/stdin" >/dev/null 2>"$work/time.txt"
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time.txt")")
    cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time.txt")")
  done
  printf '%-30s wall %s s, CPU %s s, peak RSS %s MB (medians of %d; wall %s; RSS %s)\n' "$label" \
    "$(median "${walls[@]}")" "$(median "${cpus[@]}")" "$(median "${rss[@]}")" "$runs" "${walls[*]}" "${rss[*]}"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

: >"$work/stdin"
timed "kb import --replace big.json" "$work/careerbot" kb import --replace "$work/big.json"
cp "$work/q10k.txt" "$work/stdin"
timed "ask --json < q10k.txt" "$work/careerbot" ask --json
echo "entries: $("$work/careerbot" kb list | wc -l); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
