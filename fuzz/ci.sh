#!/usr/bin/env bash
# Fuzz stage of simdml's CI; .ci/run calls it from the repository root.
#
# Fuzzes every Fuzz target of ./fuzz on the default build for a fixed time
# each (20 s, less when there are so many targets that the stage would pass
# its budget), then runs the committed corpora under -tags purego. Exits
# non-zero, printing the failing input, when a target fails.
#
# Each go test -fuzz run also spends a few seconds building the instrumented
# binary and replaying the corpus (FUZZ_OVERHEAD, default 3 s), so the time
# per target is recomputed before each one from what is left of the budget.
#
# Environment: FUZZ_BUDGET (wall seconds for the fuzzing loop, default 260,
# so the whole stage stays under 5 minutes), FUZZ_TIME (seconds per target,
# at most; default 20), FUZZ_PARALLEL (workers per target; default: go
# test's, GOMAXPROCS).
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${FUZZ_BUDGET:-260}
per_max=${FUZZ_TIME:-20}
overhead=${FUZZ_OVERHEAD:-3}
par=()
[ -n "${FUZZ_PARALLEL:-}" ] && par=(-parallel="$FUZZ_PARALLEL")
t0=$SECONDS

targets=$(go test -list '^Fuzz' ./fuzz | grep '^Fuzz' || true)
if [ -z "$targets" ]; then
	echo "fuzz/ci.sh: no fuzz targets found"; exit 1
fi
n=$(echo "$targets" | wc -l)
echo "fuzzing $n targets, at most ${per_max}s each, within ${budget}s"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
left=$n
for t in $targets; do
	per=$(((budget - (SECONDS - t0)) / left - overhead))
	((per > per_max)) && per=$per_max
	((per < 2)) && per=2
	left=$((left - 1))
	ok=1
	go test -run='^$' -fuzz="^${t}\$" -fuzztime="${per}s" "${par[@]}" ./fuzz >"$log" 2>&1 || ok=0
	# Go 1.26's fuzz coordinator can report a bare "context deadline
	# exceeded" when -fuzztime ends while a worker is mid-call (golang/go#75804,
	# fixed in Go 1.27): no input failed and none is written. Only that exact
	# signature, with no new corpus file, earns one rerun; a rerun that fails
	# in any way fails the stage.
	if ((ok == 0)) && grep -q '^    context deadline exceeded$' "$log" &&
		[ -z "$(git ls-files --others --exclude-standard -- "fuzz/testdata/fuzz/$t")" ]; then
		echo "$t: Go fuzz coordinator deadline race (golang/go#75804), no failing input; rerunning once"
		ok=1
		go test -run='^$' -fuzz="^${t}\$" -fuzztime="${per}s" "${par[@]}" ./fuzz >"$log" 2>&1 || ok=0
	fi
	if ((ok == 0)); then
		cat "$log"
		echo "fuzz/ci.sh: $t failed; new corpus files (commit the crasher with the fix, see fuzz/README.md):"
		git status --porcelain -- "fuzz/testdata/fuzz/$t" || true
		for f in $(git ls-files --others --exclude-standard -- "fuzz/testdata/fuzz/$t"); do
			echo "== $f"; cat "$f"
		done
		exit 1
	fi
	# The last progress line: elapsed, execs, new interesting.
	printf '%-24s %3ss  %s\n' "$t" "$per" "$(grep '^fuzz: elapsed' "$log" | tail -n 1)"
done

echo "corpora under -tags purego"
go test -count=1 -tags purego -run '^Fuzz' ./fuzz
echo "fuzz stage: $((SECONDS - t0)) s"
