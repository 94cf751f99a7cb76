#!/usr/bin/env bash
# Integration test of the controller against real Open vSwitch 3.1 switches
# (userspace/netdev datapath, OpenFlow 1.0 only, fail_mode secure) in
# Mininet 2.3 networks. Scenarios (scripts in mininet-tests/):
#   1. pingall.py: single,3 / linear,4 / tree,depth=2,fanout=2 / linear,16
#      under the learning app: every switch connects, pingall loses nothing.
#   2. flows.py: learned flows show in ovs-ofctl dump-flows after pingall,
#      carry the configured idle timeout, and are gone once traffic stops.
#   3. iperf.py: TCP (iperf 2, fixed byte count) between two hosts.
#   4. tls.py: pssl with client certificates made by ovs-pki: pingall over
#      TLS; a switch with a certificate from another CA is refused; control.
#   5. restart.py: the controller is killed by PID mid-run and restarted on
#      the same port; switches reconnect, pingall works again.
#
# Safety (see docs/testing-mininet.md): one network namespace per run
# (name includes $$) holding this run's own ovsdb-server/ovs-vswitchd with
# private OVS_* directories; Mininet runs only inside that netns plus a
# private PID and mount namespace with its own /tmp, under timeout -s KILL;
# everything is torn down on exit (trap), by pidfile and by PID.
#
# The controller is CTL_CMD (default build/bin/of-controller); CTL_FLAVOR
# picks its option syntax (of-controller | ovs-testcontroller, guessed from
# the program name). E.g. CTL_CMD=ovs-testcontroller bash tests/test-ctl-ovs.sh
# ONLY=tls,restart runs a subset; MNT_KEEP=1 keeps the work dir for a look.
# Prints "N passed, N failed" (or SKIP) last; exits non-zero on failure.
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

if [ -z "${CTL_CMD:-}" ]; then
	CTL_CMD=$PWD/build/bin/of-controller
	if [ ! -x "$CTL_CMD" ]; then
		make -s build/bin/of-controller >/dev/null 2>&1
	fi
	if [ ! -x "$CTL_CMD" ]; then
		nok "build/bin/of-controller is built (or set CTL_CMD)"
		summary
	fi
fi
export CTL_CMD
echo "# controller: $CTL_CMD"

started=$(date +%s)
# The whole run stays well under 6 minutes: each scenario's timeout is cut
# to what is left of this budget.
MNT_DEADLINE=$((started + ${MNT_BUDGET:-330}))
trap 'mnt_teardown' EXIT
trap 'echo "# interrupted: cleaning up"; exit 130' INT TERM

if ! mnt_setup ctlovs 2>"${TMPDIR:-/tmp}/ctlovs-setup.$$"; then
	nok "Open vSwitch starts in netns $MNT_NS"
	sed 's/^/#   /' "${TMPDIR:-/tmp}/ctlovs-setup.$$"
	rm -f "${TMPDIR:-/tmp}/ctlovs-setup.$$"
	summary
fi
rm -f "${TMPDIR:-/tmp}/ctlovs-setup.$$"
ok "Open vSwitch $(ovs-vswitchd --version | awk 'NR==1{print $NF}')" \
	"runs in netns $MNT_NS"

mnt_scenario single 60 pingall.py single,3
mnt_scenario linear4 60 pingall.py linear,4
mnt_scenario tree 60 pingall.py tree,depth=2,fanout=2
mnt_scenario flows 90 flows.py tree,depth=2,fanout=2 3
mnt_scenario iperf 90 iperf.py tree,depth=2,fanout=2
mnt_scenario tls 120 tls.py tree,depth=2,fanout=2
mnt_scenario restart 90 restart.py linear,4
# The biggest one last: if a broken controller makes scenarios run into
# their timeouts, the budget runs out here rather than before the others.
mnt_scenario linear16 150 pingall.py linear,16

mnt_finish
echo "# took $(($(date +%s) - started))s"
summary
