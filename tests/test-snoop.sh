#!/usr/bin/env bash
# Snooping on a switch's controller connection, both ways round:
#   of-switch --snoop punix:PATH, read by ovs-ofctl snoop and of-ctl snoop;
#   Open vSwitch's bridge.snoop socket, read by both tools the same way.
# In a network namespace the test creates: of-controller (hub app) on
# loopback controls the switch; frames injected on a veth make table misses,
# so the controller connection carries PACKET_IN and PACKET_OUT. Both
# snoopers must print every one of them, and the same text. Also: a
# management connection's exchange is not mirrored, bad --snoop targets
# are usage errors (switch/tests/test_sw_agent.c covers the rest: order,
# no answers or probes to snoopers, congestion).
# Prints "N passed, N failed" last.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
. tests/tap.sh
[ "$(id -u)" = 0 ] || {
	nok "needs root"
	summary
}
B=${B:-build}
SW=$ROOT/$B/bin/of-switch CTL=$ROOT/$B/bin/of-controller
OFCTL=$ROOT/$B/bin/of-ctl GEN=$ROOT/$B/bin/of-pktgen
make -s B="$B" "$B/bin/of-switch" "$B/bin/of-controller" "$B/bin/of-ctl" \
	"$B/bin/of-pktgen" || {
	nok "build"
	summary
}
. tests/ovs_env.sh
ovs_env snoop

# Waits up to 10 s for `grep -c PATTERN FILE` to reach N in each FILE.
wait_count() {
	local pat=$1 n=$2 f
	shift 2
	for _ in $(seq 100); do
		local all=1
		for f in "$@"; do
			[ "$(grep -c -- "$pat" "$f" 2>/dev/null)" -ge "$n" ] || all=0
		done
		[ $all = 1 ] && return 0
		sleep 0.1
	done
	return 1
}

# Both snoopers see the same messages (same xids and buffer ids): only
# the program name of error lines may differ.
mask() { sed -E -e 's/^ovs-ofctl: /of-ctl: /'; }

# snoop_pair NAME TARGET INJECT-IF: starts both snoopers on TARGET, waits
# until the switch has both (the log line given as $4 counted in file $5,
# or a fixed settle time when none), injects 3 frames on INJECT-IF and
# compares what the snoopers printed.
snoop_pair() {
	local name=$1 target=$2 inject=$3
	in_ns ovs-ofctl -O OpenFlow10 snoop "$target" >"$TMP/$name.ovs" 2>&1 &
	PIDS+=($!)
	local p_ovs=$!
	in_ns "$OFCTL" snoop "$target" >"$TMP/$name.our" 2>&1 &
	PIDS+=($!)
	local p_our=$!
	if [ -n "${4:-}" ]; then
		wait_count "$4" "${6:-2}" "$5" ||
			nok "$name: the switch accepted both snoopers"
	else
		sleep 1
	fi
	in_ns "$GEN" gen -i "$inject" -n 3 -r 100 -s 100 >/dev/null 2>&1
	if wait_count "OFPT_PACKET_OUT" 3 "$TMP/$name.ovs" "$TMP/$name.our"; then
		ok "$name: ovs-ofctl snoop and of-ctl snoop see 3 PACKET_IN and 3 PACKET_OUT"
	else
		nok "$name: both snoopers see 3 PACKET_IN and 3 PACKET_OUT" \
			"(ovs-ofctl: $(grep -c OFPT_ "$TMP/$name.ovs") messages," \
			"of-ctl: $(grep -c OFPT_ "$TMP/$name.our"))"
	fi
	kill $p_ovs $p_our 2>/dev/null
	wait $p_ovs $p_our 2>/dev/null
	# From the first PACKET_IN on, the two transcripts are the same text.
	sed -n '/OFPT_PACKET_IN/,$p' "$TMP/$name.ovs" | mask >"$TMP/$name.ovs.m"
	sed -n '/OFPT_PACKET_IN/,$p' "$TMP/$name.our" | mask >"$TMP/$name.our.m"
	if [ -s "$TMP/$name.our.m" ] && cmp -s "$TMP/$name.ovs.m" "$TMP/$name.our.m"; then
		ok "$name: of-ctl snoop prints what ovs-ofctl snoop prints ($(wc -l <"$TMP/$name.our.m") lines)"
	else
		nok "$name: of-ctl snoop prints what ovs-ofctl snoop prints"
		diff "$TMP/$name.ovs.m" "$TMP/$name.our.m" | head -n 12 | sed 's/^/#   /'
	fi
	grep -q "OFPT_PACKET_IN" "$TMP/$name.our" &&
		grep -q "in_port=1" "$TMP/$name.our" &&
		grep -q "actions=FLOOD" "$TMP/$name.our" &&
		ok "$name: the transcript shows both directions (PACKET_IN in_port=1, PACKET_OUT actions=FLOOD)" ||
		nok "$name: the transcript shows both directions ($(head -c 300 "$TMP/$name.our"))"
}

ip netns add $NS && in_ns ip link set lo up
# No IPv6 on the veths: the kernel's own MLD and router solicitations
# would make table misses at any moment, and a snooper stopped a moment
# before the other would miss one (a flake seen in CI).
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
in_ns ip link add ga type veth peer name sa
in_ns ip link add og type veth peer name ob
for i in ga sa og ob; do in_ns ip link set $i up; done

# Bad --snoop targets.
out=$("$SW" --snoop tcp:127.0.0.1:1 2>&1 >/dev/null)
[ $? = 2 ] && grep -q -- "--snoop" <<<"$out" &&
	ok "an active target for --snoop is a usage error ($out)" ||
	nok "an active target for --snoop is a usage error ($out)"
out=$("$SW" --snoop pssl:6699 2>&1 >/dev/null)
[ $? = 2 ] && grep -q -- "--snoop pssl:6699.* needs --private-key" <<<"$out" &&
	ok "pssl --snoop needs TLS files ($out)" ||
	nok "pssl --snoop needs TLS files ($out)"

in_ns "$CTL" --listen ptcp:6653:127.0.0.1 --app hub --threads 1 \
	>"$TMP/ctl.log" 2>&1 &
PIDS+=($!)

# --- of-switch
in_ns "$SW" --ports sa --controller tcp:127.0.0.1:6653 --fail secure \
	--snoop punix:$TMP/sw.snoop --listen punix:$TMP/sw.mgmt \
	--log-level debug >"$TMP/sw.log" 2>&1 &
PIDS+=($!)
wait_count "switch .* up\|connected" 1 "$TMP/ctl.log" ||
	nok "of-switch connects to of-controller ($(tail -3 "$TMP/sw.log"))"
snoop_pair of-switch "unix:$TMP/sw.snoop" ga "snoop connection$" "$TMP/sw.log"
# A management connection's traffic is not mirrored; snoopers are not
# answered.
in_ns "$OFCTL" snoop "unix:$TMP/sw.snoop" >"$TMP/mg.our" 2>&1 &
PIDS+=($!)
p=$!
wait_count "snoop connection$" 3 "$TMP/sw.log"
in_ns "$OFCTL" dump-flows "unix:$TMP/sw.mgmt" >/dev/null 2>&1
in_ns "$OFCTL" show "unix:$TMP/sw.mgmt" >/dev/null 2>&1
sleep 0.5
kill $p 2>/dev/null
wait $p 2>/dev/null
! grep -q "FEATURES_REPLY\|OFPST_FLOW" "$TMP/mg.our" &&
	ok "of-switch: management connections are not mirrored" ||
	nok "of-switch: management connections are not mirrored ($(head -c 300 "$TMP/mg.our"))"
grep -q "snoop connection" "$TMP/sw.log" &&
	! grep -qi "error\|malformed" "$TMP/sw.log" &&
	ok "of-switch logged the snoop connections and no error" ||
	nok "of-switch log ($(grep -i "error\|malformed" "$TMP/sw.log" | head -3))"

# --- Open vSwitch
setup_ovs() {
	ovs_started=true
	in_ns $OVS_CTL start --system-id=random --no-mlockall \
		--no-record-hostname || return 1
	in_ns ovs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		protocols=OpenFlow10 fail_mode=secure -- add-port br0 ob || return 1
	in_ns ovs-vsctl set-controller br0 tcp:127.0.0.1:6653 || return 1
	for _ in $(seq 100); do
		[ "$(in_ns ovs-vsctl get controller br0 is_connected 2>/dev/null)" = true ] &&
			return 0
		sleep 0.1
	done
	return 1
}
if setup_ovs >"$TMP/ovs-setup.log" 2>&1; then
	ok "Open vSwitch bridge connected to of-controller"
	snoop_pair ovs br0 og
else
	nok "Open vSwitch bridge connected to of-controller"
	sed 's/^/#   /' "$TMP/ovs-setup.log" | tail -n 10
fi
summary
