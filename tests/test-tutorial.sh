#!/usr/bin/env bash
# The SDN tutorial (examples/tutorial/) for CI:
#   1. `make tutorial` builds every exercise's starter and solution;
#   2. for every exercise of tutorial.mk's TUT_EXERCISES whose folder is in
#      the tree: its reference solution passes its checker (exit 0, "all N
#      checks pass"), and its starter fails it (non-zero exit) with at
#      least one "hint:" line, so the checker checks something. An
#      exercise with a starter.c and no check.py is a failure;
#   3. the lab (examples/tutorial/lab.sh): `echo pingall | make lab-hub
#      SOLUTION=1` loses nothing and exits 0; `make lab-lb SOLUTION=1
#      SWITCH=of MONITOR=1` with commands on stdin too; a lab interrupted
#      with SIGINT (to its process group, as Ctrl-C does) and one with
#      SIGTERM (to lab.sh) exit 130. After each: no netns, no process in
#      its PID namespace or naming its work dir, no work dir left.
# Each checker and lab runs in private namespaces (mininet-tests/lib.sh).
# When a checker fails, the last 30 lines of its output are shown.
# Prints "N passed, N failed" (or SKIP) last.
set -u
cd "$(dirname "$0")/.." || exit 1
. mininet-tests/lib.sh
. examples/tutorial/exercises.sh

why=$(mnt_skip_reason)
if [ -n "$why" ]; then
	echo "SKIP: $why"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
for p in awk env mkfifo; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "SKIP: $p not installed"
		echo "0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done

. tests/tap.sh

TUT=examples/tutorial
TMP=$(mktemp -d /var/tmp/test-tutorial.XXXXXX) || exit 1
LAB_PIDS=
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	local p
	# A lab still running (a failed test): SIGTERM, which its trap
	# turns into its cleanup, then SIGKILL.
	for p in $LAB_PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $LAB_PIDS; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Shows the last lines of a file, as diagnostics.
show_tail() {
	tail -n "${2:-30}" "$1" | sed 's/^/#   | /'
}

# lab_left OUT: checks (ok/nok) that the lab whose output is OUT left
# nothing behind: its netns, its PID namespace (no process in it), its
# work dir (no directory, no process naming it). The names come from
# lab.py's banner.
lab_left() {
	local out=$1 what=$2 ns pidns log work p left=
	ns=$(sed -nE 's/^  namespaces: network ([^ ,]+), PID .*/\1/p' "$out")
	pidns=$(sed -nE 's/^  namespaces: network [^ ]+ PID (pid:\[[0-9]+\]).*/\1/p' "$out")
	log=$(sed -nE 's/^  controller log: ([^ ]+).*/\1/p' "$out")
	work=${log%/log/*}
	if [ -z "$ns" ] || [ -z "$pidns" ] || [ -z "$work" ] ||
		[ "$work" = "$log" ]; then
		nok "$what: the banner names its namespaces and controller log"
		show_tail "$out"
		return
	fi
	if mnt_ns_exists "$ns"; then
		left="$left netns $ns;"
	fi
	if [ -e "$work" ]; then
		left="$left work dir $work;"
	fi
	for p in /proc/[0-9]*; do
		if [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$pidns" ] ||
			tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$work"; then
			left="$left pid ${p#/proc/} state $(sed -nE 's/.*\) (.).*/\1/p' \
				"$p/stat" 2>/dev/null) ($(tr '\0' ' ' 2>/dev/null \
				<"$p/cmdline" | cut -c1-40));"
		fi
	done
	if [ -z "$left" ]; then
		ok "$what: nothing left behind (netns $ns, $pidns, $work)"
	else
		nok "$what: nothing left behind: left:$left"
	fi
}

# 1. the build (and of-switch, which every checker and SWITCH=of use).
if make -s -j"$(nproc 2>/dev/null || echo 2)" tutorial build/bin/of-switch \
	>"$TMP/build.log" 2>&1; then
	ok "make tutorial builds every exercise (starter and solution)"
else
	nok "make tutorial builds every exercise (starter and solution)"
	show_tail "$TMP/build.log"
	summary
fi

# 2. the checkers.
# check EX DIR WHICH BIN: runs the checker; WHICH is solution or starter.
check() {
	local ex=$1 dir=$2 which=$3 bin=$4 out rc n
	out=$TMP/check-$ex-$which.out
	echo "# $ex: make check-$ex on the $which ($dir)"
	bash "$TUT/check.sh" "$ex" "$bin" >"$out" 2>&1
	rc=$?
	if [ "$which" = solution ]; then
		n=$(sed -nE 's/^# all ([0-9]+) checks pass.*/\1/p' "$out")
		if [ "$rc" = 0 ] && [ -n "$n" ]; then
			ok "$ex: the solution passes its checker (all $n checks)"
		else
			nok "$ex: the solution passes its checker (exit $rc)"
			show_tail "$out"
		fi
	else
		n=$(grep -c 'hint: ' "$out")
		if [ "$rc" != 0 ] && [ "$rc" != 2 ] && [ "$rc" != 137 ] &&
			[ "$n" -gt 0 ]; then
			ok "$ex: the starter fails its checker (exit $rc) with $n hint(s):" \
				"$(grep -m 1 'hint: ' "$out" | sed 's/^#   hint: //' | cut -c1-60)..."
		else
			nok "$ex: the starter fails its checker with a hint (exit $rc," \
				"$n hint lines)"
			show_tail "$out"
		fi
	fi
}

while read -r ex dir; do
	if [ ! -d "$TUT/$dir" ]; then
		echo "# $ex: $TUT/$dir is not in this tree (listed in TUT_EXERCISES):" \
			"nothing to check"
		continue
	fi
	if [ ! -f "$TUT/$dir/check.py" ]; then
		nok "$ex: $TUT/$dir has a checker: no check.py next to its" \
			"starter.c (every exercise needs one)"
		continue
	fi
	check "$ex" "$dir" solution "build/tutorial/$dir/solution/of-controller"
	check "$ex" "$dir" starter "build/tutorial/$dir/of-controller"
done < <(tut_exercises)

# 3. the lab.
# lab_stdin NAME INPUT MAKE-ARGS...: runs `make MAKE-ARGS` with INPUT on
# stdin (bounded: SIGTERM, which the lab turns into its cleanup, after
# 180 s); its output in $TMP/lab-NAME.out, its exit status in lab_rc.
lab_stdin() {
	local name=$1 input=$2
	shift 2
	printf '%s\n' "$input" | timeout -s TERM -k 30 180 \
		make -s --no-print-directory "$@" >"$TMP/lab-$name.out" 2>&1
	lab_rc=$?
}

if [ -d "$TUT/1-hub" ]; then
	lab_stdin hub pingall lab-hub SOLUTION=1
	out=$TMP/lab-hub.out
	if [ "$lab_rc" = 0 ] && grep -q '^\*\*\* Results: 0% dropped' "$out"; then
		ok "echo pingall | make lab-hub SOLUTION=1: 0% dropped, exit 0"
	else
		nok "echo pingall | make lab-hub SOLUTION=1: 0% dropped, exit 0" \
			"(exit $lab_rc)"
		show_tail "$out"
	fi
	lab_left "$out" "lab-hub after stdin ended"
else
	nok "lab-hub: $TUT/1-hub is in the tree"
fi

if [ -d "$TUT/4-loadbalancer" ]; then
	# shellcheck disable=SC2016 # expanded by the CLI's sh, in the lab
	lab_stdin lb "$(printf '%s\n' pingall \
		'sh echo monitor lines: $(grep -c "monitor: " "$LAB_CTL_LOG")' \
		exit)" lab-lb SOLUTION=1 SWITCH=of MONITOR=1
	out=$TMP/lab-lb.out
	if [ "$lab_rc" = 0 ] && grep -q '^\*\*\* Results: 0% dropped' "$out" &&
		grep -q 'our of-switch' "$out" &&
		grep -qE 'monitor lines: [1-9]' "$out"; then
		ok "make lab-lb SOLUTION=1 SWITCH=of MONITOR=1: of-switch," \
			"pingall 0% dropped, the monitor logs, exit 0"
	else
		nok "make lab-lb SOLUTION=1 SWITCH=of MONITOR=1: of-switch," \
			"pingall 0% dropped, the monitor logs, exit 0 (exit $lab_rc)"
		show_tail "$out"
	fi
	lab_left "$out" "lab-lb after exit"
fi

# lab_interrupt NAME SIG TARGET: starts the hub lab with a stdin that stays
# open, waits (bounded) for the CLI's prompt, sends SIG to TARGET: "group"
# (lab.sh's process group, as a terminal's Ctrl-C does) or "lab.sh".
lab_interrupt() {
	local name=$1 sig=$2 target=$3 out=$TMP/lab-$1.out fifo=$TMP/fifo-$1
	local pid rc
	mkfifo "$fifo" || return
	exec 5<>"$fifo"
	# setsid: a process group of its own to signal, as a terminal would;
	# env: an asynchronous command's SIGINT is ignored otherwise, and an
	# ignored signal cannot be trapped.
	setsid env --default-signal=INT,TERM bash "$TUT/lab.sh" hub \
		"build/tutorial/1-hub/solution/of-controller" \
		<"$fifo" >"$out" 2>&1 &
	pid=$!
	LAB_PIDS="$LAB_PIDS $pid"
	for _ in $(seq 240); do
		grep -q '^mininet>' "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if ! grep -q '^mininet>' "$out"; then
		nok "lab-hub ($name): the CLI comes up (see below)"
		show_tail "$out"
		exec 5>&-
		return
	fi
	if [ "$target" = group ]; then
		kill "-$sig" -- "-$pid"
	else
		kill "-$sig" "$pid"
	fi
	# Bounded: lab.sh's cleanup takes seconds; past 120 s it is stuck.
	for _ in $(seq 240); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		nok "lab-hub ($name): lab.sh ends after SIG$sig"
		kill -KILL "$pid"
	fi
	rc=0
	wait "$pid" || rc=$?
	LAB_PIDS=${LAB_PIDS% "$pid"}
	exec 5>&-
	if [ "$rc" = 130 ] && grep -q 'interrupted, cleaning up' "$out"; then
		ok "lab-hub ($name): SIG$sig to the $target ends the lab (exit 130)"
	else
		nok "lab-hub ($name): SIG$sig to the $target ends the lab (exit $rc)"
		show_tail "$out"
	fi
	lab_left "$out" "lab-hub after SIG$sig"
}

if [ -d "$TUT/1-hub" ]; then
	lab_interrupt int INT group
	lab_interrupt term TERM lab.sh
fi

summary
