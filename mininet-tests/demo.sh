#!/usr/bin/env bash
# The main job: of-controller's L2 learning app running a small Mininet
# network of Open vSwitch 3.1 switches (userspace datapath, OpenFlow 1.0,
# fail_mode secure), pingall, and the flow table of one switch.
#
#   bash mininet-tests/demo.sh [TOPO]        default TOPO: tree,depth=2,fanout=2
#
# Needs root, Mininet and Open vSwitch (tools/install-deps.sh). Everything
# runs in a network namespace of its own with a private OVS (its own
# ovsdb-server and ovs-vswitchd), Mininet additionally in a private PID and
# mount namespace, so nothing on this machine outside them is touched; all
# of it is removed at the end. CTL_CMD overrides the controller command
# (e.g. CTL_CMD=ovs-testcontroller for comparison).
set -u
cd "$(dirname "$0")/.." || exit 1
. mininet-tests/lib.sh

topo=${1:-tree,depth=2,fanout=2}
why=$(mnt_skip_reason)
if [ -n "$why" ]; then
	echo "demo: cannot run: $why (run as root after tools/install-deps.sh)" >&2
	exit 1
fi
if [ -z "${CTL_CMD:-}" ]; then
	CTL_CMD=$PWD/build/bin/of-controller
	if [ ! -x "$CTL_CMD" ]; then
		echo "== building of-controller"
		make -s build/bin/of-controller || exit 1
	fi
fi
export CTL_CMD

trap 'mnt_teardown' EXIT
trap 'exit 130' INT TERM
echo "== starting a private Open vSwitch in network namespace demo-$$"
if ! mnt_setup demo; then
	echo "demo: Open vSwitch did not start" >&2
	exit 1
fi
echo "$(ovs-vswitchd --version | head -n 1), state in $MNT_WORK/ovs"

MNT_LOGDIR=$MNT_WORK/log mnt_run 120 mininet-tests/demo.py "$topo"
rc=$?
if [ "$rc" = 137 ]; then
	echo "demo: timed out" >&2
fi
mnt_teardown
echo "== done: namespace, Open vSwitch and temporary files removed"
if [ "$rc" = 0 ]; then
	echo "== demo passed: every host reached every other host, switched by $(basename "${CTL_CMD%% *}")"
else
	echo "== demo FAILED (exit $rc)"
fi
exit "$rc"
