#!/usr/bin/env bash
# ovs-ofctl and of-ctl drive of-switch through its passive listener, and
# of-switch answers as Open vSwitch 3.1 does.
#
# One network namespace holds an ovs-vswitchd (netdev datapath, private
# OVS_* state directories, TESTBED.md) with bridge br0 on veths va/vb/vc
# (OpenFlow ports 1-3, passive listener ptcp:6634:127.0.0.1) and an
# of-switch (the sanitizer build) on veths wa/wb/wc (ports 1-3, listeners
# ptcp:6640:127.0.0.1 and punix). Every command runs as
# `ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names CMD` against OVS and
# against of-switch, and as `of-ctl CMD` against of-switch; the three
# outputs and exit statuses must match once what legitimately differs is
# masked (durations, counters, MAC addresses, port names, datapath ids,
# buffers). The flows are the add-flow lines of the golden captures.
#
# Torn down by a trap: monitors and of-switch by PID, OVS with ovs-ctl stop,
# the namespace, the temp dir. Prints "N passed, N failed" last.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD

skip() {
	echo "SKIP: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}
[ "$(id -u)" = 0 ] || skip "not root"
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl
for p in ovs-vswitchd ovs-vsctl ovs-ofctl ip; do
	command -v $p >/dev/null 2>&1 || skip "$p not installed"
done
[ -x $OVS_CTL ] || skip "ovs-ctl not installed"

. tests/tap.sh

SWBIN=${SWBIN:-$ROOT/build/san/bin/of-switch}
OFCTL=${OFCTL:-$ROOT/build/bin/of-ctl}
OFDUMP=${OFDUMP:-$ROOT/build/bin/of-dump}
[ -x "$SWBIN" ] || make -s SAN=1 build/san/bin/of-switch >/dev/null 2>&1
[ -x "$OFCTL" ] && [ -x "$OFDUMP" ] ||
	make -s build/bin/of-ctl build/bin/of-dump >/dev/null 2>&1
for b in "$SWBIN" "$OFCTL" "$OFDUMP"; do
	if [ ! -x "$b" ]; then
		nok "$b is built"
		summary
	fi
done

. tests/ovs_env.sh
ovs_env swofctl
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
SWPID=
# of-switch's PID changes when it is restarted: killed with the others.
trap 'PIDS+=($SWPID); ovs_env_cleanup' EXIT
OVS=tcp:127.0.0.1:6634
SW=tcp:127.0.0.1:6640
SWUNIX=unix:$TMP/sw.mgmt
OFC=(ip netns exec $NS ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names)
OUR=(ip netns exec $NS "$OFCTL")

# probe_ok TARGET: polls until ovs-ofctl probe succeeds (bounded).
probe_ok() {
	local _
	for _ in $(seq 100); do
		"${OFC[@]}" probe "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
setup() {
	local x
	ip netns add $NS && ip -n $NS link set lo up || return 1
	# No IPv6: router solicitations would count in flows and ports.
	in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || return 1
	ovs_started=true
	in_ns $OVS_CTL start --system-id=random --no-mlockall \
		--no-record-hostname || return 1
	in_ns ovs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		protocols=OpenFlow10 fail_mode=secure || return 1
	for x in a b c; do
		in_ns ip link add v$x type veth peer name x$x || return 1
		in_ns ip link add w$x type veth peer name y$x || return 1
		in_ns ip link set x$x up && in_ns ip link set y$x up &&
			in_ns ip link set w$x up || return 1
	done
	in_ns ovs-vsctl add-port br0 va -- set interface va ofport_request=1 \
		-- add-port br0 vb -- set interface vb ofport_request=2 \
		-- add-port br0 vc -- set interface vc ofport_request=3 || return 1
	in_ns ovs-vsctl set-controller br0 ptcp:6634:127.0.0.1 || return 1
	probe_ok $OVS || return 1
	# Not through in_ns: $! must be of-switch itself.
	ip netns exec $NS "$SWBIN" --port wa --port wb --port wc --fail secure \
		--datapath-id 0000000000000001 --listen ptcp:6640:127.0.0.1 \
		--listen "punix:$TMP/sw.mgmt" --log-level info \
		>"$TMP/sw.log" 2>&1 &
	SWPID=$!
	probe_ok $SW
}
if ! setup >"$TMP/setup.log" 2>&1; then
	nok "Open vSwitch and of-switch start in netns $NS"
	sed 's/^/#   /' "$TMP/setup.log" | tail -n 20
	[ -f "$TMP/sw.log" ] && sed 's/^/#   sw: /' "$TMP/sw.log" | tail -n 20
	summary
fi
ok "Open vSwitch $(ovs-vswitchd --version | awk 'NR==1{print $NF}') and of-switch run in netns $NS"

# Masks what legitimately differs between the switches and between runs.
mask() {
	sed -E -e 's/^(ovs-ofctl|of-ctl): /TOOL: /' \
		-e 's/duration=[0-9.]+s/duration=?/g' \
		-e 's/duration[0-9.]+s/duration?/g' \
		-e 's/n_packets=[0-9]+/n_packets=?/g' \
		-e 's/n_bytes=[0-9]+/n_bytes=?/g' \
		-e 's/(packet|byte)_count=[0-9]+/\1_count=?/g' \
		-e 's/time=[0-9.]+ ms/time=? ms/' \
		-e 's/(pkts|bytes|drop|errs|frame|over|crc|coll)=[0-9]+/\1=?/g' \
		-e 's/(lookup|matched)=[0-9]+/\1=?/g' \
		-e 's/max=[0-9]+/max=?/' \
		-e 's/dpid:[0-9a-f]{16}/dpid:?/' \
		-e 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g' \
		-e 's/\((v|w)([abc])\)/(p\2)/g' \
		-e 's/(tcp|unix):[^ ]*:? /TARGET: /g'
}

# run TOOL@SWITCH OUTPREFIX ARGS...: one command (TARGET in ARGS is
# replaced by the switch's target); keeps masked stdout+stderr and status.
# With SORTED=1, the output lines are sorted and repeated lines (the
# headers of a multipart reply) kept once: switches list flows in their
# own order and split replies where they like.
run() {
	local who=$1 out=$2 tgt a
	shift 2
	local -a cmd args=()
	case $who in
	ofctl@ovs) cmd=("${OFC[@]}") tgt=$OVS ;;
	ofctl@sw) cmd=("${OFC[@]}") tgt=$SW ;;
	ofctl@swunix) cmd=("${OFC[@]}") tgt=$SWUNIX ;;
	ofctl@ovsunix) cmd=("${OFC[@]}") tgt=unix:$OVS_RUNDIR/br0.mgmt ;;
	ofc@sw) cmd=("${OUR[@]}") tgt=$SW ;;
	esac
	for a in "$@"; do
		[ "$a" = TARGET ] && a=$tgt
		args+=("$a")
	done
	"${cmd[@]}" "${args[@]}" >"$out.out" 2>"$out.err" </dev/null
	echo $? >"$out.rc"
	if [ "${SORTED:-}" = 1 ]; then
		mask <"$out.out" | sort -u >"$out.m"
	else
		mask <"$out.out" >"$out.m"
	fi
	mask <"$out.err" >>"$out.m"
	echo "rc=$(cat "$out.rc")" >>"$out.m"
}

# same DESC ARGS...: ovs-ofctl on OVS, ovs-ofctl on of-switch and of-ctl on
# of-switch print the same (masked) and exit the same.
same() {
	local desc=$1
	shift
	run ofctl@ovs "$TMP/o" "$@"
	run ofctl@sw "$TMP/s" "$@"
	run ofc@sw "$TMP/c" "$@"
	if cmp -s "$TMP/o.m" "$TMP/s.m" && cmp -s "$TMP/s.m" "$TMP/c.m"; then
		ok "$desc"
	else
		nok "$desc"
		if ! cmp -s "$TMP/o.m" "$TMP/s.m"; then
			echo "#   ovs-ofctl: OVS (<) vs of-switch (>)"
			diff "$TMP/o.m" "$TMP/s.m" | head -n 12 | sed 's/^/#   /'
		else
			echo "#   of-switch: ovs-ofctl (<) vs of-ctl (>)"
			diff "$TMP/s.m" "$TMP/c.m" | head -n 12 | sed 's/^/#   /'
		fi
	fi
}

# table TARGET: the flow table as ovs-ofctl dumps it, sorted, masked,
# without the reply headers.
table() { "${OFC[@]}" dump-flows "$1" | grep -v '^OFPST_FLOW reply' | mask | sort; }
reset_tables() {
	"${OFC[@]}" del-flows $OVS
	"${OFC[@]}" del-flows $SW
}

# Flows: the add-flow lines of the captures, in flow syntax. Short
# timeouts, vendor actions and check_overlap are left out (as in
# tests/test-of-ctl.sh).
for f in a02_match a03_actions a04_moddel a10_monitor; do
	"$OFDUMP" tests/data/captures/$f.pcap
done | grep -o 'OFPT_FLOW_MOD (xid=0x[0-9a-f]*): ADD .*' |
	sed 's/^OFPT_FLOW_MOD (xid=0x[0-9a-f]*): ADD //' |
	grep -v 'vendor:\|idle:1 \|hard:2 \|check_overlap' |
	sed -e 's/ cookie:/,cookie=/' -e 's/ idle:/,idle_timeout=/' \
		-e 's/ hard:/,hard_timeout=/' -e 's/ send_flow_rem/,send_flow_rem/' \
		-e 's/ actions=/,actions=/' | sort -u >"$TMP/flows"
nflows=$(wc -l <"$TMP/flows")
if [ "$nflows" -ge 40 ]; then
	ok "$nflows flows taken from the captures' add-flow lines"
else
	nok "flows taken from the captures ($nflows)"
fi

# --- The capture flows round-trip: add-flows, dump-flows, del-flows.
reset_tables
"${OFC[@]}" add-flows $OVS "$TMP/flows"
"${OFC[@]}" add-flows $SW "$TMP/flows" 2>"$TMP/add.err"
[ $? = 0 ] && ok "ovs-ofctl add-flows of the $nflows capture flows into of-switch" ||
	{ nok "add-flows into of-switch"; sed 's/^/#   /' "$TMP/add.err" | head; }
if cmp -s <(table $OVS) <(table $SW) && [ "$(table $SW | wc -l)" = "$nflows" ]; then
	ok "dump-flows: of-switch holds the same $nflows flows as OVS, byte for byte in text"
else
	nok "dump-flows after add-flows"
	diff <(table $OVS) <(table $SW) | head -n 15 | sed 's/^/#   /'
fi
SORTED=1 same "dump-flows (${nflows} flows)" dump-flows TARGET
SORTED=1 same "dump-flows tcp" dump-flows TARGET tcp
SORTED=1 same "dump-flows ip,nw_dst=10.0.1.1" dump-flows TARGET "ip,nw_dst=10.0.1.1"
SORTED=1 same "dump-flows out_port=2" dump-flows TARGET "out_port=2"
same "dump-aggregate" dump-aggregate TARGET
same "dump-aggregate udp" dump-aggregate TARGET udp
# OVS has 254 tables of 1,000,000 entries, of-switch one of --max-flows:
# both tools print of-switch's the same, with its 57 active flows.
run ofctl@sw "$TMP/s" dump-tables TARGET
run ofc@sw "$TMP/c" dump-tables TARGET
cmp -s "$TMP/s.m" "$TMP/c.m" && grep -q "active=$nflows," "$TMP/s.out" &&
	grep -q 'max_entries=65536' "$TMP/s.out" &&
	ok "dump-tables: one table, $nflows active, 65536 entries (both tools)" ||
	{ nok "dump-tables"; sed 's/^/#   /' "$TMP/s.out" | head; diff "$TMP/s.m" "$TMP/c.m" | head | sed 's/^/#   /'; }
same "dump-ports 1" dump-ports TARGET 1
same "dump-ports 99 (no such port: empty reply)" dump-ports TARGET 99
same "queue-stats (no queues)" queue-stats TARGET
same "queue-stats 1 0 (OFPT_ERROR reply)" queue-stats TARGET 1 0
same "queue-stats 99 (OFPT_ERROR reply)" queue-stats TARGET 99
same "queue-get-config 1 (no queues)" queue-get-config TARGET 1
same "queue-get-config 99 (OFPT_ERROR reply)" queue-get-config TARGET 99
same "probe" probe TARGET
same "ping" ping TARGET
same "ping 8" ping TARGET 8
SORTED=1 run ofctl@swunix "$TMP/u" dump-flows TARGET tcp
SORTED=1 run ofctl@ovsunix "$TMP/v" dump-flows TARGET tcp
cmp -s "$TMP/u.m" "$TMP/v.m" && ok "dump-flows over the punix listener" ||
	nok "dump-flows over punix"
"${OFC[@]}" del-flows $SW
[ "$(table $SW | wc -l)" = 0 ] && ok "del-flows empties of-switch's table" ||
	nok "del-flows"

# show and dump-desc differ by design (names, buffers, description):
# check of-switch's own answer.
run ofctl@sw "$TMP/s" show TARGET
if grep -q 'n_tables:1, n_buffers:256' "$TMP/s.out" &&
	grep -q 'capabilities: FLOW_STATS TABLE_STATS PORT_STATS QUEUE_STATS ARP_MATCH_IP' "$TMP/s.out" &&
	grep -q '^ 1(wa): addr:' "$TMP/s.out" && grep -q '^ 3(wc): addr:' "$TMP/s.out" &&
	grep -q 'dpid:0000000000000001' "$TMP/s.out"; then
	ok "show: dpid, buffers, capabilities, ports by name"
else
	nok "show"
	sed 's/^/#   /' "$TMP/s.out" | head -n 20
fi
run ofctl@sw "$TMP/s" show TARGET
run ofc@sw "$TMP/c" show TARGET
cmp -s "$TMP/s.m" "$TMP/c.m" && ok "show: of-ctl prints what ovs-ofctl prints" || nok "show (of-ctl)"
run ofctl@sw "$TMP/s" dump-desc TARGET
grep -q 'DP Description: *of-switch' "$TMP/s.out" && ok "dump-desc" ||
	{ nok "dump-desc"; sed 's/^/#   /' "$TMP/s.out"; }

# --- Flow-table commands from the same table leave the same table and
# print the same, on both switches and with both tools.
# flowseq WHO: the sequence, output in $TMP/seq.WHO.
flowseq() {
	local who=$1 out=$TMP/seq.$1 tgt
	case $who in ofctl@ovs) tgt=$OVS ;; *) tgt=$SW ;; esac
	: >"$out.all"
	step() {
		run "$who" "$out" "$@"
		cat "$out.m" >>"$out.all"
	}
	"${OFC[@]}" del-flows $tgt
	step add-flows TARGET "$TMP/flows"
	step add-flow TARGET "priority=700,arp,actions=FLOOD"
	step add-flow TARGET "priority=5,ip,nw_src=10.0.0.1,actions=output:1"
	# (An identical flow with check_overlap: OVS 3.1 replaces it, of-switch
	# answers OVERLAP as the spec says; see switch/dp_flow_mod.c.)
	step add-flow TARGET "priority=5,ip,check_overlap,actions=output:2"
	step mod-flows TARGET "ip,nw_dst=10.0.1.1,actions=output:3"
	step --strict mod-flows TARGET "priority=200,ip,nw_dst=10.0.1.1,actions=output:4,mod_nw_tos:8"
	step mod-flows TARGET "tcp,actions=mod_tp_dst:8080,output:1"
	step --strict del-flows TARGET "priority=400,in_port=1,dl_vlan=5"
	step del-flows TARGET "udp"
	step del-flows TARGET "out_port=4"
	table $tgt >"$out.table"
	step del-flows TARGET
	table $tgt >>"$out.table"
	step add-flow TARGET "priority=1,actions=output:65000"
	step add-flow TARGET "priority=2,actions=enqueue:1:7"
	table $tgt >>"$out.table"
}
flowseq ofctl@ovs
flowseq ofctl@sw
flowseq ofc@sw
if cmp -s "$TMP/seq.ofctl@ovs.table" "$TMP/seq.ofctl@sw.table" &&
	cmp -s "$TMP/seq.ofctl@sw.table" "$TMP/seq.ofc@sw.table"; then
	ok "add-flow(s)/mod-flows [--strict]/del-flows [--strict] leave the same table as on OVS"
else
	nok "flow-table commands leave the same table"
	diff "$TMP/seq.ofctl@ovs.table" "$TMP/seq.ofctl@sw.table" | head -n 15 | sed 's/^/#   /'
	diff "$TMP/seq.ofctl@sw.table" "$TMP/seq.ofc@sw.table" | head -n 15 | sed 's/^/#   /'
fi
if cmp -s "$TMP/seq.ofctl@ovs.all" "$TMP/seq.ofctl@sw.all"; then
	ok "flow-table commands print the same (OFPFMFC_OVERLAP for check_overlap)"
else
	nok "flow-table commands print the same"
	diff "$TMP/seq.ofctl@ovs.all" "$TMP/seq.ofctl@sw.all" | head -n 15 | sed 's/^/#   /'
fi

# replace-flows: some flows kept, some changed, some new.
printf '%s\n' "priority=30,tcp,tp_dst=22,actions=drop" \
	"priority=100,ip,nw_dst=10.0.1.1,actions=output:7" \
	"priority=10,in_port=1,actions=output:2" \
	"priority=50,arp,cookie=0x55,actions=FLOOD" >"$TMP/replace"
for who in ofctl@ovs ofctl@sw ofc@sw; do
	case $who in ofctl@ovs) tgt=$OVS ;; *) tgt=$SW ;; esac
	"${OFC[@]}" del-flows $tgt
	"${OFC[@]}" add-flows $tgt "$TMP/flows"
	run $who "$TMP/r.$who" replace-flows TARGET "$TMP/replace"
	table $tgt >"$TMP/r.$who.table"
done
if cmp -s "$TMP/r.ofctl@ovs.table" "$TMP/r.ofctl@sw.table" &&
	cmp -s "$TMP/r.ofctl@sw.table" "$TMP/r.ofc@sw.table" &&
	[ "$(wc -l <"$TMP/r.ofc@sw.table")" = 4 ]; then
	ok "replace-flows leaves the same 4 flows"
else
	nok "replace-flows"
	diff "$TMP/r.ofctl@ovs.table" "$TMP/r.ofctl@sw.table" | head | sed 's/^/#   /'
fi

# Multi-part replies: 600 more flows.
for i in $(seq 1 600); do
	echo "priority=$((1000 + i)),udp,tp_src=$i,actions=mod_vlan_vid:$((i % 4000)),mod_nw_tos:8,output:1,output:2,output:3"
done >"$TMP/bulk"
"${OFC[@]}" add-flows $OVS "$TMP/bulk"
"${OFC[@]}" add-flows $SW "$TMP/bulk"
run ofctl@sw "$TMP/s" dump-flows TARGET
parts=$(grep -c '^OFPST_FLOW reply' "$TMP/s.out")
SORTED=1 same "dump-flows, 604 flows" dump-flows TARGET
[ "$parts" -gt 1 ] && ok "of-switch's flow stats come in $parts parts (REPLY_MORE)" ||
	nok "flow stats in several parts ($parts)"
same "dump-aggregate, 604 flows" dump-aggregate TARGET

# --- mod-port, judged by the port's lines in show.
for who in ofctl@ovs ofctl@sw ofc@sw; do
	case $who in ofctl@ovs) tgt=$OVS ;; *) tgt=$SW ;; esac
	"${OFC[@]}" mod-port $tgt 1 up
	: >"$TMP/mp.$who"
	for a in no-flood no-receive no-forward no-packet-in down noflood \
		flood receive forward packet-in up; do
		run $who "$TMP/x" mod-port TARGET 1 $a
		cat "$TMP/x.m" >>"$TMP/mp.$who"
		"${OFC[@]}" show $tgt | grep -A2 '^ 1(' | mask >>"$TMP/mp.$who"
	done
	run $who "$TMP/x" mod-port TARGET 42 down
	cat "$TMP/x.m" >>"$TMP/mp.$who"
done
# The link state differs: OVS's netdev reports LINK_DOWN for an
# administratively down veth at once, we report what the kernel says.
if cmp -s "$TMP/mp.ofctl@ovs" "$TMP/mp.ofctl@sw" &&
	cmp -s "$TMP/mp.ofctl@sw" "$TMP/mp.ofc@sw"; then
	ok "mod-port (11 modes, unknown port) as on OVS"
else
	nok "mod-port"
	diff "$TMP/mp.ofctl@ovs" "$TMP/mp.ofctl@sw" | head -n 15 | sed 's/^/#   /'
fi

# --- monitor and packet-out: async messages as OVS sends them.
reset_tables
"${OFC[@]}" mod-port $OVS 1 up
"${OFC[@]}" mod-port $SW 1 up
in_ns ovs-ofctl -O OpenFlow10 -P standard monitor $OVS 128 >"$TMP/mon.ovs" 2>&1 &
PIDS+=($!)
# Without -P: ovs-ofctl then asks for Nicira packet-in formats, may be
# refused, and goes on (of-switch speaks no Nicira extensions).
in_ns ovs-ofctl -O OpenFlow10 monitor $SW 128 >"$TMP/mon.sw" 2>&1 &
PIDS+=($!)
sleep 0.7
ARP=ffffffffffff000000000001080600010800060400010000000000010a0000010000000000000a000002
ICMP=00000000000200000000000108004500003c000040004001264c0a0000010a00000208004d1900010001$(printf '%064d' 0)
for who in ofctl@ovs ofctl@sw; do
	run $who "$TMP/po1.$who" packet-out TARGET 1 "CONTROLLER:128" $ARP
	run $who "$TMP/po2.$who" packet-out TARGET "in_port=2,packet=$ICMP,actions=mod_nw_tos:16,CONTROLLER:128"
	run $who "$TMP/po3.$who" add-flow TARGET "priority=61,udp,tp_dst=9,idle_timeout=1,send_flow_rem,actions=drop"
	run $who "$TMP/po4.$who" mod-port TARGET 1 no-flood
	run $who "$TMP/po5.$who" mod-port TARGET 1 flood
done
sleep 2.5
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
PIDS=()
grep -v 'fatal_signal' "$TMP/mon.ovs" | mask >"$TMP/mon.ovs2"
grep -v 'fatal_signal' "$TMP/mon.sw" | mask >"$TMP/mon.sw2"
if cmp -s "$TMP/mon.ovs2" "$TMP/mon.sw2" &&
	[ "$(grep -c '^OFPT_PACKET_IN' "$TMP/mon.sw2")" = 2 ] &&
	grep -q '^OFPT_FLOW_REMOVED' "$TMP/mon.sw2" &&
	[ "$(grep -c '^OFPT_PORT_STATUS' "$TMP/mon.sw2")" = 2 ]; then
	ok "ovs-ofctl monitor sees 2 PACKET_IN, FLOW_REMOVED, 2 PORT_STATUS as from OVS"
else
	nok "monitor"
	diff "$TMP/mon.ovs2" "$TMP/mon.sw2" | head -n 25 | sed 's/^/#   /'
fi

# --- Errors a switch must report (ovs-ofctl prints the OFPT_ERROR).
# OFPP_TABLE is for packet-out only (spec 5.3.6): of-switch refuses it in a
# flow with BAD_OUT_PORT (OVS 3.1 accepts it); of-ctl refuses to send it.
run ofctl@sw "$TMP/s" add-flow TARGET "priority=4,actions=output:65529"
run ofc@sw "$TMP/c" add-flow TARGET "priority=4,actions=output:65529"
grep -q 'OFPBAC_BAD_OUT_PORT' "$TMP/s.m" && grep -q 'rc=1' "$TMP/s.m" &&
	grep -q 'only valid in a packet-out' "$TMP/c.m" && grep -q 'rc=1' "$TMP/c.m" &&
	ok "a flow with output:TABLE: OFPBAC_BAD_OUT_PORT (ovs-ofctl), refused by of-ctl" ||
	{ nok "output:TABLE in a flow"; cat "$TMP/s.m" "$TMP/c.m" | head -n 20 | sed 's/^/#   /'; }

# of-switch survived everything and stops cleanly.
if kill -0 $SWPID 2>/dev/null; then
	ok "of-switch still running"
	kill -TERM $SWPID
	wait $SWPID
	rc=$?
	SWPID=
	[ $rc = 0 ] && ok "of-switch exits 0 on SIGTERM" || nok "of-switch exit status $rc on SIGTERM"
else
	nok "of-switch still running"
	wait $SWPID
	SWPID=
fi
if grep -q 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer' "$TMP/sw.log"; then
	nok "no sanitizer report in of-switch's log"
	grep -A8 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer' "$TMP/sw.log" | head -n 20 | sed 's/^/#   /'
else
	ok "no sanitizer report in of-switch's log"
fi

summary
