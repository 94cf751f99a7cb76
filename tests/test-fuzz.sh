#!/usr/bin/env bash
# Builds the libFuzzer targets (make fuzz), seeds their corpora from the
# golden captures (fuzz/seed-corpus.sh) and runs each for a bounded time:
# fuzz_decode 60 s; fuzz_framer, fuzz_parse, fuzz_ctl, fuzz_pkt, fuzz_sw,
# fuzz_ns_input and fuzz_ns_tcp 30 s each; fuzz_xs and fuzz_nf 20 s each;
# fuzz_target, fuzz_net_spec and fuzz_xen_args 10 s each (FUZZ_SECONDS=N
# sets every target to N seconds). A crash fails the target; its input is
# saved under build/fuzz/artifacts/ and the path printed. Last line:
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

skip() {
	echo "SKIP: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}
command -v clang >/dev/null || skip "clang not installed"
command -v tshark >/dev/null || skip "tshark not installed (corpus seeding)"

jobs=$(nproc 2>/dev/null || echo 2)
if ! make -s -j"$jobs" fuzz; then
	echo "make fuzz failed"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! bash fuzz/seed-corpus.sh; then
	echo "fuzz/seed-corpus.sh failed"
	echo "0 passed, 1 failed"
	exit 1
fi

art=build/fuzz/artifacts
rm -rf "$art"
mkdir -p "$art"
pass=0 fail=0
for spec in decode:60 framer:30 parse:30 ctl:30 target:10 pkt:30 sw:30 ns_input:30 ns_tcp:30 xs:20 nf:20 net_spec:10 xen_args:10; do
	t=${spec%%:*}
	secs=${FUZZ_SECONDS:-${spec#*:}}
	work=build/fuzz/work/$t # new inputs go here; the seeds stay clean
	mkdir -p "$work" "build/fuzz/corpus/$t" # sw has no seeds (yet)
	log=build/fuzz/$t.log
	dict=()
	[ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
	build/fuzz/fuzz_$t -max_total_time="$secs" -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$art/$t-" "$work" "build/fuzz/corpus/$t" \
		>"$log" 2>&1
	rc=$?
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' \
		"$log" | tail -n 1)
	if [ $rc = 0 ]; then
		echo "PASS fuzz_$t: ${runs:-?} runs in ${secs}s, no crash"
		pass=$((pass + 1))
	else
		echo "FAIL fuzz_$t (exit $rc); log $log"
		grep -E '^(fuzz_[a-z]+:|==[0-9]+==ERROR|SUMMARY)' "$log" | head -n 5
		sed -nE 's/.*Test unit written to (.*)$/  crashing input: \1/p' \
			"$log"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
