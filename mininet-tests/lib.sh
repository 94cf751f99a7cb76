# shellcheck shell=bash
# Shared shell helpers for the Mininet + Open vSwitch harness.
# Source it from bash:   . mininet-tests/lib.sh
#
# The rules it enforces (see docs/testing-mininet.md and TESTBED notes):
#   - every run gets its own network namespace (name includes $$) holding
#     its own ovsdb-server + ovs-vswitchd, whose state lives in a private
#     directory named by the OVS_* variables exported here;
#   - Mininet only ever runs inside that network namespace AND a private
#     PID + mount namespace (unshare --pid --fork --kill-child
#     --mount-proc) with a private tmpfs on /tmp, bounded by
#     timeout -s KILL; so its name-based killing and /tmp cleaning can
#     only ever reach our own processes and files;
#   - teardown stops OVS through its pidfiles (ovs-ctl stop with our
#     OVS_* dirs), then kills by PID whatever is still in our netns,
#     then deletes the netns and the work directory.
#
# Functions: mnt_skip_reason, mnt_setup, mnt_reset, mnt_run, mnt_teardown,
# mnt_in_ns, mnt_remaining, mnt_ns_exists, mnt_scenario, mnt_show_tail.

MNT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MNT_TOP=$(dirname "$MNT_DIR")
MNT_PY=${MNT_PY:-/usr/bin/python3}
MNT_OVS_CTL=${MNT_OVS_CTL:-/usr/share/openvswitch/scripts/ovs-ctl}
MNT_NS=
MNT_WORK=
MNT_DEADLINE=
MNT_RUN_PID=

# Prints why the harness cannot run here (nothing if it can).
mnt_skip_reason() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root"
		return
	fi
	if [ ! -x "$MNT_PY" ] || ! "$MNT_PY" -c 'import mininet.net' 2>/dev/null; then
		echo "Mininet (Debian's python3-mininet for $MNT_PY) not installed"
		return
	fi
	local p
	for p in mnexec ovs-vsctl ovs-vswitchd ovsdb-server ovs-ofctl ip unshare timeout; do
		if ! command -v "$p" >/dev/null 2>&1; then
			echo "$p not installed"
			return
		fi
	done
	if [ ! -x "$MNT_OVS_CTL" ]; then
		echo "$MNT_OVS_CTL missing (openvswitch-switch)"
		return
	fi
}

# Seconds left before MNT_DEADLINE (a date +%s value), or a large number.
mnt_remaining() {
	if [ -z "$MNT_DEADLINE" ]; then
		echo 100000
		return
	fi
	echo $((MNT_DEADLINE - $(date +%s)))
}

# Runs a command inside our network namespace (no PID namespace: only for
# ovs-vsctl/ovs-ofctl/ovs-appctl/ip and other short, well-behaved tools).
mnt_in_ns() {
	ip netns exec "$MNT_NS" "$@"
}

# mnt_setup TAG: makes the work dir and the netns, starts OVS in it.
# Sets MNT_WORK and MNT_NS and exports OVS_RUNDIR/LOGDIR/DBDIR/SYSCONFDIR.
# Returns non-zero (with a message on stderr) if OVS does not come up.
mnt_setup() {
	local tag=${1:-mnt}
	# Not under /tmp: Mininet runs with a private tmpfs on /tmp (see
	# mnt_run), and the scripts must still see the work dir.
	MNT_WORK=$(mktemp -d "${MNT_WORKBASE:-/var/tmp}/$tag.XXXXXX") || return 1
	MNT_NS=$tag-$$
	export MNT_WORK MNT_TOP
	export OVS_RUNDIR=$MNT_WORK/ovs/run OVS_LOGDIR=$MNT_WORK/ovs/log \
		OVS_DBDIR=$MNT_WORK/ovs/db OVS_SYSCONFDIR=$MNT_WORK/ovs/etc
	mkdir -p "$OVS_RUNDIR" "$OVS_LOGDIR" "$OVS_DBDIR" \
		"$OVS_SYSCONFDIR/openvswitch" "$MNT_WORK/log" || return 1
	ip netns add "$MNT_NS" || {
		MNT_NS=
		return 1
	}
	ip -n "$MNT_NS" link set lo up
	# No IPv6 in the test network: hosts would otherwise send router
	# solicitations and MLD reports at random times, which is traffic the
	# flow-expiry check does not want.
	mnt_in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
	if ! timeout -s KILL 60 ip netns exec "$MNT_NS" "$MNT_OVS_CTL" start \
		--system-id=random --no-mlockall --no-record-hostname \
		>"$MNT_WORK/log/ovs-ctl-start.log" 2>&1; then
		echo "ovs-ctl start failed:" >&2
		tail -n 20 "$MNT_WORK/log/ovs-ctl-start.log" >&2
		return 1
	fi
	if ! timeout -s KILL 10 ovs-vsctl -t 5 show >/dev/null 2>&1; then
		echo "ovsdb-server does not answer" >&2
		return 1
	fi
}

# Removes what a killed Mininet run may leave behind in our OVS and netns:
# bridges and sN-ethM links. Only ever touches our own ovsdb (OVS_RUNDIR)
# and our own netns.
mnt_reset() {
	local br l
	for br in $(timeout -s KILL 10 ovs-vsctl -t 5 list-br 2>/dev/null); do
		timeout -s KILL 10 ovs-vsctl -t 5 --if-exists del-br "$br" >/dev/null 2>&1
	done
	for l in $(ip -n "$MNT_NS" -o link show 2>/dev/null |
		sed -nE 's/^[0-9]+: ([^:@ ]+-eth[0-9]+)[@:].*/\1/p'); do
		ip -n "$MNT_NS" link del "$l" 2>/dev/null
	done
	timeout -s KILL 10 ovs-vsctl -t 5 del-ssl >/dev/null 2>&1
	return 0
}

# mnt_run SECS SCRIPT ARGS...: runs /usr/bin/python3 SCRIPT ARGS in our
# netns, in a fresh PID + mount namespace with a private /tmp, killed
# (with everything it started) after SECS seconds or at MNT_DEADLINE,
# whichever comes first. Returns the script's exit status (137 if killed).
# The private /tmp of mnt_run. A checkout that itself lives under /tmp
# (a clone in /tmp/x, say) would vanish under the tmpfs: it is bind-mounted
# aside first (in $MNT_WORK, which is under /var/tmp) and back on top.
MNT_PRIVATE_TMP='
case "$MNT_TOP" in
/tmp/*)
	mkdir -p "$MNT_WORK/top" && mount --bind "$MNT_TOP" "$MNT_WORK/top" &&
	mount -t tmpfs -o mode=1777 mnt-tmp /tmp &&
	mkdir -p "$MNT_TOP" && mount --bind "$MNT_WORK/top" "$MNT_TOP" ||
	exit 1 ;;
*)
	mount -t tmpfs -o mode=1777 mnt-tmp /tmp || exit 1 ;;
esac
exec "$@"'

mnt_run() {
	local secs=$1
	shift
	local left
	left=$(($(mnt_remaining) - 20))
	if [ "$left" -lt "$secs" ]; then
		secs=$left
	fi
	if [ "$secs" -lt 5 ]; then
		echo "# out of time budget, not running $*"
		return 124
	fi
	# In the background + wait, so that a signal to this shell runs its
	# traps at once; mnt_teardown then stops the run through MNT_RUN_PID.
	MNT_WORK=$MNT_WORK MNT_TOP=$MNT_TOP PYTHONDONTWRITEBYTECODE=1 \
		timeout -s KILL "$secs" ip netns exec "$MNT_NS" \
		unshare --pid --fork --kill-child=SIGKILL --mount-proc \
		/bin/sh -c "$MNT_PRIVATE_TMP" sh "$MNT_PY" "$@" &
	MNT_RUN_PID=$!
	local rc=0
	wait "$MNT_RUN_PID" || rc=$?
	MNT_RUN_PID=
	return "$rc"
}

# Is netns $1 there? (exact name)
mnt_ns_exists() {
	ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF -- "$1"
}

# Stops OVS (through our pidfiles), kills anything left in our netns by
# PID, deletes the netns and the work dir. Safe to call more than once.
mnt_teardown() {
	local pid left
	if [ -n "${MNT_RUN_PID:-}" ] && kill -0 "$MNT_RUN_PID" 2>/dev/null; then
		# timeout leads a process group of its own holding unshare;
		# unshare --fork ignores SIGTERM, so: SIGKILL that group (ours,
		# by its leader's PID). unshare's death SIGKILLs the PID
		# namespace's init and so everything inside.
		kill -KILL -- "-$MNT_RUN_PID" 2>/dev/null
		wait "$MNT_RUN_PID" 2>/dev/null
	fi
	MNT_RUN_PID=
	if [ -n "$MNT_NS" ] && [ -n "${OVS_RUNDIR:-}" ]; then
		timeout -s KILL 30 ip netns exec "$MNT_NS" "$MNT_OVS_CTL" stop \
			>/dev/null 2>&1
		# shellcheck disable=SC2013 # one PID per pidfile
		for pid in $(cat "$OVS_RUNDIR"/*.pid 2>/dev/null); do
			if kill -0 "$pid" 2>/dev/null &&
				[ "$(ip netns identify "$pid" 2>/dev/null)" = "$MNT_NS" ]; then
				kill -KILL "$pid" 2>/dev/null
			fi
		done
	fi
	if [ -n "$MNT_NS" ] && mnt_ns_exists "$MNT_NS"; then
		# Whatever still runs in our netns was started by us.
		left=$(ip netns pids "$MNT_NS" 2>/dev/null)
		for pid in $left; do
			kill -KILL "$pid" 2>/dev/null
		done
		ip netns del "$MNT_NS" 2>/dev/null
	fi
	MNT_NS=
	if [ -n "$MNT_WORK" ] && [ -d "$MNT_WORK" ] && [ -z "${MNT_KEEP:-}" ]; then
		rm -rf "$MNT_WORK"
	fi
	MNT_WORK=
}

# Shows the last lines of a log file as diagnostics.
mnt_show_tail() {
	local f=$1 n=${2:-15}
	[ -s "$f" ] || return 0
	echo "#   --- tail of ${f#"$MNT_WORK"/}"
	tail -n "$n" "$f" | cut -c1-200 | sed 's/^/#   /'
}

# mnt_scenario NAME SECS SCRIPT ARGS...: runs one scenario script
# (mininet-tests/SCRIPT) through mnt_run and counts its check lines with
# tests/tap.sh's counters (pass/fail; source tap.sh first). The script
# prints "1..N" first; any of the N checks it did not print (killed by
# the timeout, crashed) counts as a failure. ONLY=name,name runs a subset.
mnt_scenario() {
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
		mnt_show_tail "$dir/err" 15
		for f in "$dir"/ctl-*.log "$dir"/of-switch-*.log; do
			[ -e "$f" ] && mnt_show_tail "$f" 10
		done
		mnt_show_tail "$OVS_LOGDIR/ovs-vswitchd.log" 10
	fi
	mnt_reset
}

# mnt_finish: checks (ok/nok) that nothing the scenarios started outlived
# them (what is left in our netns is OVS: ovsdb-server, ovs-vswitchd and
# their monitors, nothing else), then tears down and checks that the
# netns is gone.
mnt_finish() {
	local pid cmd stray= ns
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
}
