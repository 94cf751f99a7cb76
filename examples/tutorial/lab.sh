#!/usr/bin/env bash
# The interactive lab of one tutorial exercise: its of-controller, its
# Mininet network and Mininet's CLI, inside the harness's private network,
# PID and mount namespaces (mininet-tests/lib.sh), with an Open vSwitch of
# its own.
#   bash examples/tutorial/lab.sh EX PATH/TO/of-controller
# EX: an exercise of tutorial.mk's TUT_EXERCISES (exercises.sh reads the
# list). `make lab-EX [APP=my.c] [SOLUTION=1] [SWITCH=of] [MONITOR=1]` calls
# it; lab.py (with tutcheck.LABS: the network and apps of each exercise)
# does the Mininet part.
#
# Environment: SWITCH=of runs our of-switch (build/bin/of-switch) instead
# of Open vSwitch; MONITOR=1 adds the monitor app (every message in the
# controller log); LAB_SECS bounds the lab's life (default 4 hours);
# MNT_KEEP=1 keeps the work directory (logs) at the end.
#
# The CLI reads the terminal, or commands from stdin until it ends:
#   echo pingall | make lab-hub SOLUTION=1
# "exit", the end of stdin, Ctrl-C, SIGINT, SIGTERM or SIGHUP end the lab;
# every way removes the namespaces, Open vSwitch, the controller and the
# work directory. Exit status: lab.py's (0 after a normal end), 130 if
# interrupted. Needs root, Mininet and Open vSwitch.
set -u
cd "$(dirname "$0")/../.." || exit 1
. mininet-tests/lib.sh
. examples/tutorial/exercises.sh

usage="usage: lab.sh $(tut_names) OF-CONTROLLER"
ex=${1:?$usage}
bin=${2:?$usage}
if ! dir=$(tut_dir "$ex"); then
	echo "lab.sh: unknown exercise '$ex' ($(tut_names ', '))" >&2
	exit 2
fi
if [ ! -d "examples/tutorial/$dir" ]; then
	echo "lab-$ex: examples/tutorial/$dir is not in this tree" >&2
	exit 2
fi
why=$(mnt_skip_reason)
if [ -n "$why" ]; then
	echo "lab-$ex: cannot run: $why (run as root after" \
		"tools/install-deps.sh)" >&2
	exit 2
fi
case $bin in
/*) ;;
*) bin=$PWD/$bin ;;
esac
if [ ! -x "$bin" ]; then
	echo "lab-$ex: $bin: no such program (make lab-$ex builds it)" >&2
	exit 2
fi
SWITCH=${SWITCH:-} MONITOR=${MONITOR:-}
case $SWITCH in
'' | ovs) ;;
of)
	if [ ! -x build/bin/of-switch ]; then
		echo "lab-$ex: build/bin/of-switch is not built (make all)" >&2
		exit 2
	fi
	;;
*)
	echo "lab-$ex: SWITCH=$SWITCH: expected 'of' (our of-switch) or" \
		"nothing (Open vSwitch)" >&2
	exit 2
	;;
esac
export CTL_CMD=$bin SWITCH MONITOR

# lab.py runs under `timeout --foreground` (so that it stays in the
# terminal's foreground process group and its CLI can read the terminal),
# which makes no process group of its own to kill: lab_stop kills the PID
# namespace's init (timeout's grandchild, through /proc/PID/task/PID/children)
# and so everything in it. mnt_teardown then kills by PID whatever is left
# in our netns.
LAB_PID=
# The CLI's readline puts the terminal in raw mode while it waits for a
# line; killed there, it would leave it so: restore what we found.
LAB_TTY=
if [ -t 0 ]; then
	LAB_TTY=$(stty -g 2>/dev/null)
fi
# Prints the PIDs of the children of process $1.
# shellcheck disable=SC2317 # run by the EXIT trap
lab_children() {
	cat "/proc/$1/task/$1/children" 2>/dev/null
}
# shellcheck disable=SC2317 # run by the EXIT trap
lab_stop() {
	local kid init
	if [ -n "$LAB_PID" ] && kill -0 "$LAB_PID" 2>/dev/null; then
		for kid in $(lab_children "$LAB_PID"); do
			init=$(lab_children "$kid")
			# SIGKILL the PID namespace's init: the kernel kills
			# everything else in the namespace and reaps it before
			# the init exits; unshare reaps the init and exits, and
			# so does timeout. If it is not there yet, unshare
			# (--kill-child does the rest).
			kill -KILL "${init:-$kid}" 2>/dev/null
		done
		wait "$LAB_PID" 2>/dev/null
	fi
	LAB_PID=
}
# shellcheck disable=SC2317 # run by the EXIT trap
lab_cleanup() {
	local ns=$MNT_NS work=$MNT_WORK
	# A second Ctrl-C must not cut the cleanup short.
	trap '' INT TERM HUP
	lab_stop
	if [ -n "$LAB_TTY" ]; then
		stty "$LAB_TTY" 2>/dev/null
	fi
	mnt_teardown
	if [ -n "$ns" ]; then
		echo "*** lab-$ex: stopped; removed netns $ns, its Open vSwitch," \
			"the controller and ${MNT_KEEP:+(kept: }$work${MNT_KEEP:+)}"
	fi
}
trap lab_cleanup EXIT
trap 'echo; echo "*** lab-$ex: interrupted, cleaning up"; exit 130' INT TERM HUP

echo "*** lab-$ex: starting a private Open vSwitch in network namespace" \
	"lab-$ex-$$"
if ! mnt_setup "lab-$ex"; then
	echo "lab-$ex: Open vSwitch did not start" >&2
	exit 1
fi
secs=${LAB_SECS:-14400}
# As mnt_run does, with stdin passed on (an asynchronous command's stdin
# is /dev/null otherwise). unshare's own complaints when lab_stop kills
# its child go to a log; lab.py's stderr is ours (fd 3 in between).
LAB_NETNS=$MNT_NS MNT_LOGDIR=$MNT_WORK/log PYTHONDONTWRITEBYTECODE=1 \
	timeout --foreground -s KILL "$secs" ip netns exec "$MNT_NS" \
	unshare --pid --fork --kill-child=SIGKILL --mount-proc \
	/bin/sh -c "exec 2>&3 3>&-; $MNT_PRIVATE_TMP" sh "$MNT_PY" \
	examples/tutorial/lab.py "$ex" "$PWD/examples/tutorial/$dir" \
	<&0 3>&2 2>"$MNT_WORK/log/unshare.err" &
LAB_PID=$!
rc=0
wait "$LAB_PID" || rc=$?
LAB_PID=
if [ "$rc" = 137 ]; then
	echo "lab-$ex: stopped after LAB_SECS=$secs seconds" >&2
fi
exit "$rc"
