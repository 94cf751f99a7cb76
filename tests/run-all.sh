#!/usr/bin/env bash
# Runs every test of the suite and prints the total as the last line:
# "N passed, N failed[, N skipped]". Each part prints its own summary line
# in the same form; this script adds them up.
#   tests/run-all.sh            everything
#   tests/run-all.sh unit       only the unit tests (normal + sanitizer builds)
set -u
cd "$(dirname "$0")/.."
only=${1:-}
total_pass=0 total_fail=0 total_skip=0
failed_parts=()

# Runs one part (a command), shows its output, and adds its summary line.
run_part() {
	local name=$1
	shift
	local out rc line p f s
	echo "=== $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | tail -n 40
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "--- $name: no summary line (exit $rc): counted as 1 failure"
		total_fail=$((total_fail + 1))
		failed_parts+=("$name")
		return
	fi
	p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
	s=$(sed -nE 's/.*, ([0-9]+) skipped.*/\1/p' <<<"$line")
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + ${s:-0}))
	if [ "$f" != 0 ] || [ "$rc" != 0 ]; then
		if [ "$f" = 0 ]; then
			total_fail=$((total_fail + 1))
		fi
		failed_parts+=("$name")
	fi
}

jobs=$(nproc 2>/dev/null || echo 2)
echo "=== build (normal and sanitizer)"
if ! make -s -j"$jobs" all unit || ! make -s -j"$jobs" SAN=1 all unit; then
	echo "build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

for t in build/tests/test_*; do
	[ -x "$t" ] || continue
	run_part "unit $(basename "$t")" "$t"
	run_part "unit $(basename "$t") (asan+ubsan)" "build/san/tests/$(basename "$t")"
done

if [ "$only" != unit ]; then
	for t in tests/test-*.sh; do
		[ -f "$t" ] || continue
		run_part "$(basename "$t" .sh)" bash "$t"
	done
fi

echo
if [ ${#failed_parts[@]} -gt 0 ]; then
	echo "failed parts: ${failed_parts[*]}"
fi
if [ "$total_skip" -gt 0 ]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" = 0 ]
