#!/usr/bin/env bash
# of-ctl against ovs-ofctl 3.1, both driving the same Open vSwitch bridge.
#
# One ovs-vswitchd runs in a private network namespace with private OVS_*
# state directories (docs/testing-mininet.md, TESTBED.md): bridge br0,
# netdev datapath, OpenFlow10 only, fail_mode secure, a veth pair and an
# internal port, passive listener ptcp:6634:127.0.0.1. Every command runs
# twice, as `ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names CMD` and as
# `of-ctl CMD`; stdout, stderr (program name aside) and exit status must
# match once durations, counters and ping times are masked. Flow-table
# commands are compared through the table they leave (dumped by
# ovs-ofctl), starting from the same table. The flows are the add-flow
# lines of the golden captures (tests/data/captures, decoded by of-dump).
#
# Everything is torn down by a trap: the monitors by PID, OVS with
# ovs-ctl stop and this run's directories, the namespace, the temp dir.
# Prints "N passed, N failed" last (or SKIP when not root / no OVS).
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

OFCTL=${OFCTL:-$ROOT/build/bin/of-ctl}
OFDUMP=${OFDUMP:-$ROOT/build/bin/of-dump}
if [ ! -x "$OFCTL" ] || [ ! -x "$OFDUMP" ]; then
	make -s build/bin/of-ctl build/bin/of-dump >/dev/null 2>&1
fi
if [ ! -x "$OFCTL" ]; then
	nok "of-ctl is built ($OFCTL)"
	summary
fi

. tests/ovs_env.sh
ovs_env ofctl
setup() {
	ip netns add $NS && ip -n $NS link set lo up || return 1
	ovs_started=true
	in_ns $OVS_CTL start --system-id=random --no-mlockall \
		--no-record-hostname || return 1
	in_ns ovs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		protocols=OpenFlow10 fail_mode=secure || return 1
	in_ns ip link add va type veth peer name vb || return 1
	in_ns ovs-vsctl add-port br0 va -- add-port br0 vb -- \
		add-port br0 p3 -- set interface p3 type=internal || return 1
	in_ns ovs-vsctl set-controller br0 ptcp:6634:127.0.0.1 || return 1
	for _ in $(seq 50); do
		in_ns ovs-ofctl -O OpenFlow10 probe tcp:127.0.0.1:6634 \
			2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
if ! setup >"$TMP/setup.log" 2>&1; then
	nok "Open vSwitch starts in netns $NS"
	sed 's/^/#   /' "$TMP/setup.log" | tail -n 20
	summary
fi
ok "Open vSwitch $(ovs-vswitchd --version | awk 'NR==1{print $NF}') in netns $NS"

SW=tcp:127.0.0.1:6634
OVS=(ip netns exec $NS ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names)
OUR=(ip netns exec $NS "$OFCTL")

# Masks what legitimately differs between two runs.
mask() {
	sed -E -e 's/^ovs-ofctl: /of-ctl: /' \
		-e 's/duration=[0-9.]+s/duration=?/g' \
		-e 's/n_packets=[0-9]+/n_packets=?/g' \
		-e 's/n_bytes=[0-9]+/n_bytes=?/g' \
		-e 's/time=[0-9.]+ ms/time=? ms/' \
		-e 's/(pkts|bytes|drop|errs|frame|over|crc|coll)=[0-9]+/\1=?/g' \
		-e 's/(lookup|matched)=[0-9]+/\1=?/g'
}

# run WHO OUTPREFIX ARGS...: runs one tool, keeps masked stdout, stderr
# and the exit status.
run() {
	local who=$1 out=$2
	shift 2
	local -a cmd
	if [ "$who" = ovs ]; then cmd=("${OVS[@]}"); else cmd=("${OUR[@]}"); fi
	"${cmd[@]}" "$@" >"$out.out" 2>"$out.err" </dev/null
	echo $? >"$out.rc"
	mask <"$out.out" >"$out.m"
	mask <"$out.err" >>"$out.m"
	echo "rc=$(cat "$out.rc")" >>"$out.m"
}

# same DESC ARGS...: both tools, same masked output and status.
same() {
	local desc=$1
	shift
	run ovs "$TMP/o" "$@"
	run our "$TMP/m" "$@"
	if cmp -s "$TMP/o.m" "$TMP/m.m"; then
		ok "$desc"
	else
		nok "$desc"
		diff "$TMP/o.m" "$TMP/m.m" | head -n 15 | sed 's/^/#   /'
	fi
}

# Table as ovs-ofctl dumps it, sorted, masked.
table() { "${OVS[@]}" dump-flows $SW | mask | sort; }
reset_table() { "${OVS[@]}" del-flows $SW; }

# Flows: the add-flow lines of the captures, in flow syntax (of-dump prints
# ofp-print text, where cookie/idle/hard are "key:value" after the match).
# Short timeouts (would expire mid-test), vendor actions (not OpenFlow 1.0)
# and check_overlap (order dependent) are left out.
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

# --- Queries on a table holding the capture flows.
reset_table
"${OVS[@]}" add-flows $SW "$TMP/flows"
same "show" show $SW
same "dump-desc" dump-desc $SW
same "dump-tables" dump-tables $SW
same "dump-flows (${nflows} flows)" dump-flows $SW
same "dump-flows tcp" dump-flows $SW tcp
same "dump-flows ip,nw_dst=10.0.1.1" dump-flows $SW "ip,nw_dst=10.0.1.1"
same "dump-flows out_port=2" dump-flows $SW "out_port=2"
same "dump-aggregate" dump-aggregate $SW
same "dump-aggregate udp" dump-aggregate $SW udp
same "dump-ports" dump-ports $SW
same "dump-ports 1" dump-ports $SW 1
same "dump-ports LOCAL" dump-ports $SW LOCAL
same "queue-stats" queue-stats $SW
same "queue-stats 1" queue-stats $SW 1
same "queue-stats 1 0 (OFPT_ERROR reply)" queue-stats $SW 1 0
same "queue-stats 99 (OFPT_ERROR reply)" queue-stats $SW 99
same "queue-get-config 1" queue-get-config $SW 1
same "queue-get-config 99 (OFPT_ERROR reply)" queue-get-config $SW 99
same "queue-get-config (every port)" queue-get-config $SW

# Queues: HTB QoS with two queues on va (tc htb is built in here).
if in_ns ovs-vsctl set port va qos=@q -- --id=@q create qos type=linux-htb \
	other-config:max-rate=10000000 queues=0=@a,1=@b -- \
	--id=@a create queue other-config:min-rate=1000000 -- \
	--id=@b create queue other-config:max-rate=2000000 >/dev/null 2>&1; then
	va=$("${OVS[@]}" show $SW | sed -n 's/^ \([0-9]*\)(va).*/\1/p')
	sleep 0.3
	run ovs "$TMP/o" queue-stats $SW
	if grep -q '2 queues' "$TMP/o.out"; then
		same "queue-stats (2 HTB queues)" queue-stats $SW
		same "queue-stats $va 1" queue-stats $SW "$va" 1
		same "queue-get-config $va (2 queues)" queue-get-config $SW "$va"
		same "queue-get-config (every port, with queues)" queue-get-config $SW
	else
		nok "HTB queues visible to ovs-ofctl queue-stats"
	fi
else
	nok "HTB QoS set up on va"
fi
same "probe" probe $SW
same "ping" ping $SW
same "ping 8" ping $SW 8
same "dump-desc over unix:br0.mgmt" dump-desc unix:$OVS_RUNDIR/br0.mgmt
same "dump-flows on bridge name br0" dump-flows br0 tcp

# Multi-part replies: 600 more flows, so the flow stats come in parts.
for i in $(seq 1 600); do
	echo "priority=$((1000 + i)),udp,tp_src=$i,actions=mod_vlan_vid:$((i % 4000)),mod_nw_tos:8,output:1,output:2,output:3"
done >"$TMP/bulk"
"${OVS[@]}" add-flows $SW "$TMP/bulk"
run ovs "$TMP/o" dump-flows $SW
parts=$(grep -c '^OFPST_FLOW reply' "$TMP/o.out")
same "dump-flows, $((nflows + 600)) flows in $parts parts" dump-flows $SW
[ "$parts" -gt 1 ] && ok "flow stats really came in $parts parts" ||
	nok "flow stats in several parts ($parts)"

# --- Flow-table commands: the same commands from the same table must leave
# the same table, and print the same.
# flowseq WHO: a sequence of flow commands, output kept in $TMP/seq.WHO.
flowseq() {
	local who=$1 out=$TMP/seq.$1
	: >"$out.all"
	step() {
		run "$who" "$out" "$@"
		cat "$out.m" >>"$out.all"
	}
	reset_table
	step add-flows $SW "$TMP/flows"
	step add-flow $SW "priority=700,arp,actions=FLOOD"
	step add-flow $SW "priority=5,ip,nw_src=10.0.0.1,actions=output:1"
	step add-flow $SW "priority=5,ip,nw_src=10.0.0.1,check_overlap,actions=output:2"
	step add-flow $SW "priority=5,ip,check_overlap,actions=output:2"
	step mod-flows $SW "ip,nw_dst=10.0.1.1,actions=output:3"
	step --strict mod-flows $SW "priority=200,ip,nw_dst=10.0.1.1,actions=output:4,mod_nw_tos:8"
	step mod-flows $SW "tcp,actions=mod_tp_dst:8080,output:1"
	step --strict del-flows $SW "priority=400,in_port=1,dl_vlan=5"
	step del-flows $SW "udp"
	step del-flows $SW "out_port=4"
	table >"$out.table"
	step del-flows $SW
	table >>"$out.table"
	step add-flow $SW "tp_dst=70000,actions=drop"
	step add-flow $SW "priority=1,actions=frobnicate"
}
# add-flows - reads standard input (run() gives commands /dev/null).
printf '%s\n' "priority=9,in_port=2,actions=output:1" "" "# comment" \
	"priority=8,in_port=1,actions=output:2" >"$TMP/stdin.flows"
run_stdin_ok() {
	for who in ovs our; do
		reset_table
		if [ $who = ovs ]; then
			"${OVS[@]}" add-flows $SW - <"$TMP/stdin.flows"
		else
			"${OUR[@]}" add-flows $SW - <"$TMP/stdin.flows"
		fi
		table >"$TMP/stdin.$who"
	done
	if cmp -s "$TMP/stdin.ovs" "$TMP/stdin.our" &&
		[ "$(wc -l <"$TMP/stdin.our")" = 3 ]; then
		ok "add-flows - (stdin, blank lines and comments)"
	else
		nok "add-flows - (stdin)"
		diff "$TMP/stdin.ovs" "$TMP/stdin.our" | head | sed 's/^/#   /'
	fi
}
flowseq ovs
flowseq our
if cmp -s "$TMP/seq.ovs.table" "$TMP/seq.our.table"; then
	ok "add-flow(s)/mod-flows [--strict]/del-flows [--strict] leave the same table"
else
	nok "flow-table commands leave the same table"
	diff "$TMP/seq.ovs.table" "$TMP/seq.our.table" | head -n 15 | sed 's/^/#   /'
fi
# Parse errors are the library's own words; compare everything else.
strip_parse_errors() { grep -v '^of-ctl: ' "$1"; }
if cmp -s <(strip_parse_errors "$TMP/seq.ovs.all") \
	<(strip_parse_errors "$TMP/seq.our.all"); then
	ok "flow-table commands print the same (OFPT_ERROR for check_overlap, exit 1)"
else
	nok "flow-table commands print the same"
	diff "$TMP/seq.ovs.all" "$TMP/seq.our.all" | head -n 15 | sed 's/^/#   /'
fi
if grep -q 'OFPT_ERROR (xid=0x2): OFPFMFC_OVERLAP' "$TMP/seq.our.all"; then
	ok "check_overlap conflict reported as OFPT_ERROR ... OFPFMFC_OVERLAP"
else
	nok "check_overlap conflict reported"
fi
if [ "$(grep -c 'rc=1' "$TMP/seq.our.all")" = "$(grep -c 'rc=1' "$TMP/seq.ovs.all")" ] &&
	grep -q 'of-ctl: tp_dst=70000' "$TMP/seq.our.all"; then
	ok "bad flow syntax: the parser's message, exit status 1"
else
	nok "bad flow syntax reported"
fi
run_stdin_ok

# replace-flows: from the capture table to a small file (some flows kept,
# some changed, some new), for both tools.
printf '%s\n' "priority=30,tcp,tp_dst=22,actions=drop" \
	"priority=100,ip,nw_dst=10.0.1.1,actions=output:7" \
	"priority=10,in_port=1,actions=output:2" \
	"priority=100,tcp,nw_dst=10.0.1.2,tp_dst=80,cookie=0xabc,idle_timeout=120,actions=output:3" \
	"priority=50,arp,cookie=0x55,actions=FLOOD" "# the end" >"$TMP/replace"
for who in ovs our; do
	reset_table
	"${OVS[@]}" add-flows $SW "$TMP/flows"
	run $who "$TMP/r.$who" replace-flows $SW "$TMP/replace"
	table >"$TMP/r.$who.table"
done
if cmp -s "$TMP/r.ovs.table" "$TMP/r.our.table" && cmp -s "$TMP/r.ovs.m" "$TMP/r.our.m" &&
	[ "$(wc -l <"$TMP/r.our.table")" = 6 ]; then
	ok "replace-flows leaves the same 5 flows"
else
	nok "replace-flows"
	diff "$TMP/r.ovs.table" "$TMP/r.our.table" | head | sed 's/^/#   /'
fi
# Unchanged flows are not touched: a second replace sends no FLOW_MOD.
"${OUR[@]}" -v replace-flows $SW "$TMP/replace" 2>"$TMP/r.trace"
if ! grep -q 'OFPT_FLOW_MOD' "$TMP/r.trace" && grep -q 'OFPST_FLOW reply' "$TMP/r.trace"; then
	ok "replace-flows with nothing to change sends no FLOW_MOD"
else
	nok "replace-flows with nothing to change"
fi

# --- mod-port, each tool from the same port state, judged by ovs show.
for who in ovs our; do
	"${OVS[@]}" mod-port $SW 1 down # the state both runs start from
	: >"$TMP/mp.$who"
	for a in no-flood no-receive no-forward no-packet-in down noflood \
		flood receive forward packet-in up; do
		run $who "$TMP/x" mod-port $SW 1 $a
		cat "$TMP/x.m" >>"$TMP/mp.$who"
		"${OVS[@]}" show $SW | grep -A2 '^ 1(' >>"$TMP/mp.$who"
	done
	run $who "$TMP/x" mod-port $SW va no-stp
	cat "$TMP/x.m" >>"$TMP/mp.$who"
	"${OVS[@]}" show $SW | grep -A2 '(va)' >>"$TMP/mp.$who"
	run $who "$TMP/x" mod-port $SW va stp
	run $who "$TMP/x" mod-port $SW 42 down
	cat "$TMP/x.m" >>"$TMP/mp.$who"
	run $who "$TMP/x" mod-port $SW 1 sideways
	cat "$TMP/x.m" >>"$TMP/mp.$who"
done
if cmp -s "$TMP/mp.ovs" "$TMP/mp.our"; then
	ok "mod-port (12 modes by number, by name, unknown port and mode)"
else
	nok "mod-port"
	diff "$TMP/mp.ovs" "$TMP/mp.our" | head -n 15 | sed 's/^/#   /'
fi

# --- monitor, packet-out: both monitors watch the same async traffic.
reset_table
in_ns ovs-ofctl -O OpenFlow10 -P standard monitor $SW 128 >"$TMP/mon.ovs" 2>&1 &
PIDS+=($!)
in_ns "$OFCTL" monitor $SW 128 >"$TMP/mon.our" 2>&1 &
PIDS+=($!)
sleep 0.5
ARP=ffffffffffff000000000001080600010800060400010000000000010a0000010000000000000a000002
ICMP=00000000000200000000000108004500003c000040004001264c0a0000010a00000208004d1900010001$(printf '%064d' 0)
run ovs "$TMP/po1" packet-out $SW 1 "CONTROLLER:128" $ARP
run our "$TMP/po2" packet-out $SW 1 "CONTROLLER:128" $ARP
run our "$TMP/po3" packet-out $SW "in_port=2,packet=$ICMP,actions=mod_nw_tos:16,CONTROLLER:64"
run our "$TMP/po4" packet-out $SW LOCAL "output:CONTROLLER" $ARP $ICMP
"${OUR[@]}" add-flow $SW "priority=61,udp,tp_dst=9,idle_timeout=1,send_flow_rem,actions=drop"
"${OUR[@]}" mod-port $SW 1 no-flood
"${OUR[@]}" mod-port $SW 1 flood
sleep 2.5
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
PIDS=()
grep -v 'fatal_signal' "$TMP/mon.ovs" >"$TMP/mon.ovs2"
if cmp -s "$TMP/mon.ovs2" "$TMP/mon.our" &&
	[ "$(grep -c '^OFPT_PACKET_IN' "$TMP/mon.our")" = 5 ] &&
	grep -q '^OFPT_FLOW_REMOVED' "$TMP/mon.our" &&
	[ "$(grep -c '^OFPT_PORT_STATUS' "$TMP/mon.our")" = 2 ]; then
	ok "monitor prints 5 PACKET_IN, FLOW_REMOVED, 2 PORT_STATUS as ovs-ofctl monitor"
else
	nok "monitor"
	diff "$TMP/mon.ovs2" "$TMP/mon.our" | head -n 15 | sed 's/^/#   /'
fi
if [ "$(cat "$TMP/po1.rc")$(cat "$TMP/po2.rc")$(cat "$TMP/po3.rc")$(cat "$TMP/po4.rc")" = 0000 ] &&
	grep -q 'in_port=2 (via action).*' "$TMP/mon.our"; then
	ok "packet-out (positional with several packets, and key=value form)"
else
	nok "packet-out"
fi
same "packet-out with bad hex" packet-out $SW 1 output:2 0102zz
"${OUR[@]}" packet-out $SW 77777 output:2 $ARP 2>"$TMP/e"
[ $? = 1 ] && grep -q "unknown port" "$TMP/e" && ok "packet-out with a bad port: exit 1" ||
	nok "packet-out with a bad port"

# --- Tracing, options, errors.
"${OUR[@]}" --trace dump-desc $SW >/dev/null 2>"$TMP/trace"
if grep -q 'sent: OFPST_DESC request (xid=0x2)' "$TMP/trace" &&
	grep -q 'received: OFPST_DESC reply (xid=0x2)' "$TMP/trace" &&
	grep -q 'sent: OFPT_HELLO' "$TMP/trace"; then
	ok "--trace prints every message sent and received"
else
	nok "--trace"
fi
a=$("${OUR[@]}" -O OpenFlow10 -F OpenFlow10 --no-names dump-desc $SW)
b=$("${OUR[@]}" dump-desc $SW)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "-O OpenFlow10 -F OpenFlow10 --no-names accepted" ||
	nok "ovs-ofctl options accepted"
"${OUR[@]}" -O OpenFlow13 show $SW >/dev/null 2>&1
[ $? = 1 ] && ok "-O OpenFlow13 refused (exit 1)" || nok "-O OpenFlow13 refused"
same "unreachable switch" dump-flows tcp:127.0.0.1:1
same "missing switch argument" dump-flows
same "unknown command" frobnicate $SW
same "ping payload too large" ping $SW 70000
"${OUR[@]}" show nosuch:thing >/dev/null 2>"$TMP/e"
[ $? = 1 ] && [ -s "$TMP/e" ] && ok "bad target type: message and exit 1" ||
	nok "bad target type"
"${OUR[@]}" --bogus show $SW >/dev/null 2>"$TMP/e"
[ $? = 1 ] && [ -s "$TMP/e" ] && ok "unknown option: message and exit 1" ||
	nok "unknown option"

# A peer that is not an OpenFlow switch: garbage, then close.
if command -v python3 >/dev/null 2>&1; then
	in_ns python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 6699)); s.listen(1); s.settimeout(5)
c, _ = s.accept(); c.sendall(b"\x01\x00\x00\x02junk"); c.close()' 2>/dev/null &
	PIDS+=($!)
	for _ in $(seq 30); do
		timeout 5 ip netns exec $NS "$OFCTL" show tcp:127.0.0.1:6699 >/dev/null 2>"$TMP/e"
		rc=$?
		grep -q "Connection refused" "$TMP/e" || break
		sleep 0.1
	done
	[ $rc = 1 ] && [ -s "$TMP/e" ] && ok "garbage peer: message and exit 1, no crash" ||
		nok "garbage peer (rc $rc)"
fi

summary
