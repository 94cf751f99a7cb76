#!/usr/bin/env bash
# of-switch as the switch of Mininet 2.3 networks (mininet-tests/switch.py,
# Switch subclass mnt.OFSwitch). Scenarios:
#   1. of-switch everywhere under ovs-testcontroller and under
#      of-controller --app learning: every switch connects, pingall loses
#      nothing (single,3 / tree,depth=2,fanout=2 / linear,4).
#   2. mixed: OVS (netdev) and of-switch alternating in linear,4.
#   3. iperf on Mininet's default links (TX checksum offload on): 20 MB of
#      TCP arrive.
#   4. fail modes: the controller is killed; standalone keeps forwarding
#      (learning switch), secure keeps installed flows and drops misses;
#      the controller comes back and every switch reconnects.
#
# Safety as in tests/test-ctl-ovs.sh (docs/testing-mininet.md): one netns
# per run with its own OVS; Mininet only inside it plus private PID and
# mount namespaces, under timeout -s KILL; torn down by a trap.
# SW_CMD overrides the switch binary (default build/bin/of-switch); ONLY=
# runs a subset. Prints "N passed, N failed" (or SKIP) last.
set -u
cd "$(dirname "$0")/.." || exit 1
. mininet-tests/lib.sh

why=$(mnt_skip_reason)
if [ -n "$why" ]; then
	echo "SKIP: $why"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

. tests/tap.sh

for b in of-switch of-controller; do
	[ -x "build/bin/$b" ] || make -s "build/bin/$b" >/dev/null 2>&1
done
export SW_CMD=${SW_CMD:-$PWD/build/bin/of-switch}
OFC=$PWD/build/bin/of-controller
for b in "${SW_CMD%% *}" "$OFC"; do
	if [ ! -x "$b" ]; then
		nok "$b is built"
		summary
	fi
done
TESTCTL=$(command -v ovs-testcontroller)
[ -n "$TESTCTL" ] || nok "ovs-testcontroller installed"
echo "# switch: $SW_CMD"

started=$(date +%s)
MNT_DEADLINE=$((started + ${MNT_BUDGET:-420}))
trap 'mnt_teardown' EXIT
trap 'echo "# interrupted: cleaning up"; exit 130' INT TERM

if ! mnt_setup swmn 2>"${TMPDIR:-/tmp}/swmn-setup.$$"; then
	nok "Open vSwitch starts in netns $MNT_NS"
	sed 's/^/#   /' "${TMPDIR:-/tmp}/swmn-setup.$$"
	rm -f "${TMPDIR:-/tmp}/swmn-setup.$$"
	summary
fi
rm -f "${TMPDIR:-/tmp}/swmn-setup.$$"
ok "Open vSwitch $(ovs-vswitchd --version | awk 'NR==1{print $NF}') runs in netns $MNT_NS"

CTL_CMD=$TESTCTL mnt_scenario testctl-single 60 switch.py pingall of single,3 6661
CTL_CMD=$TESTCTL mnt_scenario testctl-tree 90 switch.py pingall of tree,depth=2,fanout=2 6662
CTL_CMD=$OFC mnt_scenario ofctl-linear 60 switch.py pingall of linear,4 6663
CTL_CMD=$OFC mnt_scenario ofctl-tree 90 switch.py pingall of tree,depth=2,fanout=2 6664
CTL_CMD=$OFC mnt_scenario mixed 90 switch.py pingall mixed linear,4 6665
CTL_CMD=$OFC mnt_scenario iperf 90 switch.py iperf 6666
CTL_CMD=$OFC mnt_scenario fail-standalone 90 switch.py fail standalone 6667
CTL_CMD=$OFC mnt_scenario fail-secure 90 switch.py fail secure 6668

mnt_finish
echo "# took $(($(date +%s) - started))s"
summary
