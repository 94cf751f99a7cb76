# Shared set-up of the shell tests that run their own Open vSwitch (source
# it after tests/tap.sh): `ovs_env NAME` makes a temp dir $TMP, a network
# namespace name $NS (NAME plus this shell's PID, not yet created), private
# OVS_* state directories under $TMP/ovs (exported, so ovs-ctl, ovs-vsctl
# and ovs-ofctl use them), the PIDS array for background processes, and
# the traps: on exit every PID in PIDS is killed and reaped, OVS is
# stopped if ovs_started=true, then the namespace and $TMP go. in_ns runs
# a command in $NS (not with `&`: use `ip netns exec $NS` there so that $!
# is the command's own PID).
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl
ovs_env() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	NS=$1$$
	STATE=$TMP/ovs
	export OVS_RUNDIR=$STATE/run OVS_LOGDIR=$STATE/log \
		OVS_DBDIR=$STATE/db OVS_SYSCONFDIR=$STATE/etc
	mkdir -p "$OVS_RUNDIR" "$OVS_LOGDIR" "$OVS_DBDIR" \
		"$OVS_SYSCONFDIR/openvswitch"
	PIDS=()
	ovs_started=false
	trap ovs_env_cleanup EXIT
	trap 'exit 130' INT TERM
}
ovs_env_cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if $ovs_started; then
		ip netns exec "$NS" $OVS_CTL stop >/dev/null 2>&1
	fi
	# What still runs in the test's own namespace: `in_ns CMD &` records
	# the PID of a subshell, whose child (CMD) outlives it.
	for p in $(ip netns pids "$NS" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
in_ns() { ip netns exec "$NS" "$@"; }
