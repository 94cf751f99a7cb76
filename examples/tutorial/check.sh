#!/usr/bin/env bash
# Runs one tutorial exercise's checker (examples/tutorial/N-EX/check.py)
# against an of-controller, inside the harness's private namespaces.
#   bash examples/tutorial/check.sh EX PATH/TO/of-controller
# EX: an exercise of tutorial.mk's TUT_EXERCISES (hub, learning, firewall,
# lb, topo; exercises.sh reads the list). `make check-EX` calls it. Exit
# status 0 when every check passes. Needs root, Mininet and Open vSwitch.
set -u
cd "$(dirname "$0")/../.." || exit 1
. mininet-tests/lib.sh
. examples/tutorial/exercises.sh

ex=${1:?usage: check.sh $(tut_names) OF-CONTROLLER}
bin=${2:?usage: check.sh $(tut_names) OF-CONTROLLER}
if ! dir=$(tut_dir "$ex"); then
	echo "check.sh: unknown exercise '$ex' ($(tut_names ', '))" >&2
	exit 2
fi
if [ ! -f "examples/tutorial/$dir/check.py" ]; then
	echo "check-$ex: examples/tutorial/$dir has no checker (check.py) yet" >&2
	exit 2
fi
why=$(mnt_skip_reason)
if [ -n "$why" ]; then
	echo "check-$ex: cannot run: $why (run as root after" \
		"tools/install-deps.sh)" >&2
	exit 2
fi
case $bin in
/*) ;;
*) bin=$PWD/$bin ;;
esac
export CTL_CMD=$bin

MNT_DEADLINE=$(($(date +%s) + ${TUT_BUDGET:-170}))
trap 'mnt_teardown' EXIT
trap 'echo "# interrupted: cleaning up"; exit 130' INT TERM
echo "# exercise $dir: checking $(basename "$(dirname "$bin")")/$(basename "$bin")"
if ! mnt_setup "tut-$ex" 2>/dev/null; then
	echo "not ok - Open vSwitch starts in a private network namespace"
	exit 1
fi
MNT_LOGDIR=$MNT_WORK/log mnt_run 150 "examples/tutorial/$dir/check.py" \
	2>"$MNT_WORK/log/mininet.err"
rc=$?
case $rc in
0) ;;
137) echo "not ok - the checker finished in time (killed by its timeout)" ;;
*)
	if [ -n "${TUT_VERBOSE:-}" ]; then
		mnt_show_tail "$MNT_WORK/log/mininet.err" 15
	fi
	;;
esac
exit "$rc"
