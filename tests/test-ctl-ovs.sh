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

# Shows the last lines of a log file as diagnostics.
show_tail() {
	local f=$1 n=${2:-15}
	[ -s "$f" ] || return 0
	echo "#   --- tail of ${f#"$MNT_WORK"/}"
	tail -n "$n" "$f" | cut -c1-200 | sed 's/^/#   /'
}

# scenario NAME SECS SCRIPT ARGS...: runs one scenario script through
# mnt_run and counts its check lines. The script prints "1..N" first; any
# of the N checks it did not print (killed by the timeout, crashed)
# counts as a failure.
scenario() {
	local name=$1 secs=$2
	shift 2
	local dir=$MNT_WORK/log/$name
	local rc plan n_ok n_nok f
	if [ -n "${ONLY:-}" ] && ! grep -qw -- "$name" <<<"${ONLY//,/ }"; then
		return 0
	fi
	mkdir -p "$dir"
	MNT_LOGDIR=$dir mnt_run "$secs" "mininet-tests/$1" "${@:2}" \
		>"$dir/out" 2>"$dir/err"
	rc=$?
	grep -E '^(ok|not ok) - |^#' "$dir/out"
	plan=$(sed -nE 's/^1\.\.([0-9]+)$/\1/p' "$dir/out" | head -n 1)
	n_ok=$(grep -c '^ok - ' "$dir/out")
	n_nok=$(grep -c '^not ok - ' "$dir/out")
	pass=$((pass + n_ok))
	fail=$((fail + n_nok))
	local why="exit $rc"
	case $rc in
	124) why="not run: out of the time budget" ;;
	137) why="exit 137: killed by the timeout" ;;
	esac
	if [ -z "$plan" ]; then
		nok "$name: scenario ran ($why)"
		n_nok=1
	elif [ $((n_ok + n_nok)) -lt "$plan" ]; then
		nok "$name: all $plan checks ran (got $((n_ok + n_nok)), $why)"
		n_nok=$((n_nok + 1))
	elif [ "$rc" != 0 ] && [ "$n_nok" = 0 ]; then
		nok "$name: scenario exited 0 (exit $rc)"
		n_nok=1
	fi
	if [ "$n_nok" != 0 ]; then
		show_tail "$dir/err" 15
		for f in "$dir"/ctl-*.log; do
			[ -e "$f" ] && show_tail "$f" 10
		done
		show_tail "$OVS_LOGDIR/ovs-vswitchd.log" 10
	fi
	mnt_reset
}

scenario single 60 pingall.py single,3
scenario linear4 60 pingall.py linear,4
scenario tree 60 pingall.py tree,depth=2,fanout=2
scenario flows 90 flows.py tree,depth=2,fanout=2 3
scenario iperf 90 iperf.py tree,depth=2,fanout=2
scenario tls 120 tls.py tree,depth=2,fanout=2
scenario restart 90 restart.py linear,4
# The biggest one last: if a broken controller makes scenarios run into
# their timeouts, the budget runs out here rather than before the others.
scenario linear16 150 pingall.py linear,16

# Nothing the scenarios started may outlive them: what is left in our
# netns is OVS (ovsdb-server, ovs-vswitchd and their monitors), nothing
# else; after teardown the netns is gone.
stray=
for pid in $(ip netns pids "$MNT_NS" 2>/dev/null); do
	# The monitors rename themselves "ovs-vswitchd: monitoring pid N".
	cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
	case $cmd in
	ovsdb-server* | ovs-vswitchd*) ;;
	*) stray="$stray $pid(${cmd:0:40})" ;;
	esac
done
if [ -z "$stray" ]; then
	ok "no process of the scenarios outlived them (only OVS left in $MNT_NS)"
else
	nok "no process of the scenarios outlived them: left:$stray"
fi
ns=$MNT_NS
mnt_teardown
if mnt_ns_exists "$ns"; then
	nok "teardown removed netns $ns"
else
	ok "teardown stopped OVS and removed netns $ns"
fi
echo "# took $(($(date +%s) - started))s"
summary
