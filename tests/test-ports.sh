#!/usr/bin/env bash
# of-switch's AF_PACKET ports (unix/port_afpacket.c) without the switch
# core: unix/tests/port_harness opens two veth ends as ports 1 and 2 of a
# fake core that forwards every frame to the other port (a two-port wire)
# and checks each frame it is given (headroom, size, TCP/UDP checksums).
#
#   netns H1: h1-eth0 10.0.0.1 fd00::1 --veth-- s-eth1 \
#                                                 netns S: port_harness wire
#   netns H2: h2-eth0 10.0.0.2 fd00::2 --veth-- s-eth2 /
#
# Hosts keep the default offloads (TX checksum, TSO/GSO on, as Mininet
# leaves them), so the ports see partial checksums and 64 KiB super-frames.
# Checks: port facts (link, 10G copper speeds), ping both ways over IPv4
# and IPv6, 20 MB TCP transfers over IPv4 and IPv6 with a sha256 check,
# VLAN-tagged traffic (VLAN devices if the kernel has them, else tagged
# frames from the harness's generator), no frame sent by the harness
# received back (no loop), link down/up of the switch side and of the
# peer reported, frames over the egress MTU dropped and counted, and the
# harness's counters at exit (no bad checksum, no oversized frame, no
# error). Namespaces are deleted and processes killed by PID in a trap.
#   B=build/san bash tests/test-ports.sh    runs the sanitizer build
# Prints "N passed, N failed" last (or SKIP when not root).
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD

skip() {
	echo "SKIP: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}
[ "$(id -u)" = 0 ] || skip "not root"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not installed"
PY=/usr/bin/python3
[ -x $PY ] || PY=$(command -v python3) || skip "python3 not installed"
ip netns add tp-probe-$$ 2>/dev/null || skip "cannot create network namespaces"
ip netns del tp-probe-$$

. tests/tap.sh

B=${B:-build}
HARNESS=${PORT_HARNESS:-$ROOT/$B/tests/port_harness}
make -s B="$B" "$B/tests/port_harness" >/dev/null 2>&1
[ -x "$HARNESS" ] || {
	nok "build $HARNESS"
	summary
}

S=tp$$-s H1=tp$$-h1 H2=tp$$-h2
TMP=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	for n in $S $H1 $H2; do
		ip netns del $n 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for n in $S $H1 $H2; do
	ip netns add $n && ip -n $n link set lo up
done
ip -n $H1 link add h1-eth0 type veth peer name s-eth1 netns $S
ip -n $H2 link add h2-eth0 type veth peer name s-eth2 netns $S
ip -n $H1 addr add 10.0.0.1/24 dev h1-eth0
ip -n $H2 addr add 10.0.0.2/24 dev h2-eth0
ip -n $H1 addr add fd00::1/64 dev h1-eth0 nodad
ip -n $H2 addr add fd00::2/64 dev h2-eth0 nodad
ip -n $H1 link set h1-eth0 up
ip -n $H2 link set h2-eth0 up
ip -n $S link set s-eth1 up
ip -n $S link set s-eth2 up

# Waits up to $2 seconds for a line matching $1 in the harness output.
wait_line() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		grep -qE "$1" "$TMP/wire.out" && return 0
		sleep 0.1
	done
	return 1
}
# Counter $1 from the harness's final output.
counter() {
	awk -v k="$1" '$1 == k { print $2 }' "$TMP/wire.out"
}

ip netns exec $S "$HARNESS" wire s-eth1 s-eth2 >"$TMP/wire.out" \
	2>"$TMP/wire.err" &
WIRE=$!
PIDS+=($WIRE)
if wait_line '^ready ports 1 2' 5; then
	ok "harness opened s-eth1 and s-eth2 as ports 1 and 2"
else
	nok "harness did not start: $(head -3 "$TMP/wire.err")"
	summary
fi
# veth reports 10 Gb/s full duplex over twisted pair: OFPPF_10GB_FD|COPPER.
if grep -qE '^add port 1 s-eth1 mac ([0-9a-f]{2}:){5}[0-9a-f]{2} link (up|down) curr 0xc0' "$TMP/wire.out"; then
	ok "port 1 facts: name, MAC, curr 10GB_FD|COPPER"
else
	nok "port 1 facts: $(grep 'port 1' "$TMP/wire.out" | head -1)"
fi
if wait_line '^(add|update) port 1 .* link up' 5 &&
	wait_line '^(add|update) port 2 .* link up' 5; then
	ok "both links reported up"
else
	nok "links not reported up"
fi

if ip netns exec $H1 ethtool -k h1-eth0 2>/dev/null |
	grep -q 'tcp-segmentation-offload: on'; then
	ok "host side keeps TSO on (default offloads)"
else
	nok "host side TSO is not on (or no ethtool)"
fi

# ---- Ping both ways, IPv4 and IPv6.
for t in "$H1 10.0.0.2" "$H2 10.0.0.1" "$H1 fd00::2" "$H2 fd00::1"; do
	set -- $t
	if ip netns exec $1 ping -c 3 -i 0.2 -W 2 $2 >/dev/null 2>&1; then
		ok "ping ${1#tp$$-} -> $2"
	else
		nok "ping ${1#tp$$-} -> $2"
	fi
done

# ---- TCP: 20 MB with default offloads, checked by sha256.
cat >"$TMP/tcp.py" <<'EOF'
import hashlib, socket, sys
mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ':' in addr else socket.AF_INET
if mode == 'serve':
    s = socket.socket(fam)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(1); s.settimeout(30)
    c, _ = s.accept(); c.settimeout(30); h = hashlib.sha256(); n = 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b); n += len(b)
    print(n, h.hexdigest())
else:
    data = open(sys.argv[4], 'rb').read()
    s = socket.create_connection((addr, port), timeout=30)
    s.sendall(data); s.close()
EOF
head -c 20000000 /dev/urandom >"$TMP/data.bin"
want="20000000 $(sha256sum "$TMP/data.bin" | cut -d' ' -f1)"
for t in "10.0.0.2 5001" "fd00::2 5002"; do
	set -- $t
	ip netns exec $H2 timeout 60 $PY "$TMP/tcp.py" serve $1 $2 \
		>"$TMP/srv.out" 2>&1 &
	srv=$!
	PIDS+=($srv)
	sleep 0.5
	ip netns exec $H1 timeout 60 $PY "$TMP/tcp.py" send $1 $2 \
		"$TMP/data.bin" >/dev/null 2>&1
	wait $srv
	got=$(cat "$TMP/srv.out")
	if [ "$got" = "$want" ]; then
		ok "TCP 20 MB h1 -> $1 (TSO, partial checksums), sha256 matches"
	else
		nok "TCP 20 MB h1 -> $1: got '$got', want '$want'"
	fi
done
if command -v iperf >/dev/null 2>&1; then
	ip netns exec $H1 timeout 20 iperf -s -p 5201 >/dev/null 2>&1 &
	ips=$!
	PIDS+=($ips)
	sleep 0.5
	if out=$(ip netns exec $H2 timeout 15 iperf -c 10.0.0.1 -p 5201 -t 2 2>&1) &&
		grep -qE 'bits/sec' <<<"$out"; then
		ok "iperf h2 -> h1: $(grep -oE '[0-9.]+ [GMK]bits/sec' <<<"$out" | tail -1)"
	else
		nok "iperf h2 -> h1: $out"
	fi
	kill $ips 2>/dev/null
fi

# ---- VLAN-tagged traffic: the stripped tag must be put back.
if ip -n $H1 link add link h1-eth0 name h1-eth0.10 type vlan id 10 2>/dev/null &&
	ip -n $H2 link add link h2-eth0 name h2-eth0.10 type vlan id 10; then
	ip -n $H1 addr add 10.0.10.1/24 dev h1-eth0.10
	ip -n $H2 addr add 10.0.10.2/24 dev h2-eth0.10
	ip -n $H1 link set h1-eth0.10 up
	ip -n $H2 link set h2-eth0.10 up
	if ip netns exec $H1 ping -c 3 -i 0.2 -W 2 10.0.10.2 >/dev/null 2>&1; then
		ok "VLAN 10 ping h1 -> h2"
	else
		nok "VLAN 10 ping h1 -> h2"
	fi
else
	echo "# no VLAN devices in this kernel: tagged frames from the generator"
fi
ip netns exec $H2 "$HARNESS" sink h2-eth0 2 10 >"$TMP/sink2.out" &
sk=$!
PIDS+=($sk)
sleep 0.3
ip netns exec $H1 "$HARNESS" gen h1-eth0 100 100 10 >/dev/null
wait $sk
if grep -q '^received 100 ' "$TMP/sink2.out"; then
	ok "100 frames tagged VID 10 arrive with their tag"
else
	nok "tagged frames: $(cat "$TMP/sink2.out")"
fi

# ---- No loop: what the harness sends on a port is not received back.
ip netns exec $H1 "$HARNESS" sink h1-eth0 2 >"$TMP/sink1.out" &
sk1=$!
ip netns exec $H2 "$HARNESS" sink h2-eth0 2 >"$TMP/sink2.out" &
sk2=$!
PIDS+=($sk1 $sk2)
sleep 0.3
ip netns exec $H1 "$HARNESS" gen h1-eth0 200 64 >/dev/null
wait $sk1 $sk2
if grep -q '^received 200 ' "$TMP/sink2.out" &&
	grep -q '^received 0 ' "$TMP/sink1.out"; then
	ok "200 frames h1 -> h2 exactly once, none back to h1"
else
	nok "loop check: h2 $(cat "$TMP/sink2.out"), h1 $(cat "$TMP/sink1.out")"
fi

# ---- Egress MTU: frames too big for s-eth2 are dropped and counted.
ip -n $H1 link set h1-eth0 mtu 2000
ip -n $S link set s-eth1 mtu 2000
sleep 0.3
ip netns exec $H2 "$HARNESS" sink h2-eth0 1.5 >"$TMP/sink2.out" &
sk=$!
PIDS+=($sk)
sleep 0.3
ip netns exec $H1 "$HARNESS" gen h1-eth0 50 1700 >/dev/null
wait $sk
if grep -q '^received 0 ' "$TMP/sink2.out"; then
	ok "1700-byte frames are not sent on a 1500-byte MTU port"
else
	nok "oversized frames: $(cat "$TMP/sink2.out")"
fi
ip -n $H1 link set h1-eth0 mtu 1500
ip -n $S link set s-eth1 mtu 1500

# ---- Link changes are reported (sw_port_update).
: >"$TMP/mark"
links_ok=1
for t in "$S s-eth1" "$H1 h1-eth0"; do
	set -- $t
	n0=$(grep -c '^update port 1 .* link down' "$TMP/wire.out")
	ip -n $1 link set $2 down
	for ((i = 0; i < 30; i++)); do
		[ "$(grep -c '^update port 1 .* link down' "$TMP/wire.out")" -gt "$n0" ] && break
		sleep 0.1
	done
	if [ $i -lt 30 ]; then
		ok "$2 down: port 1 reported link down"
	else
		nok "$2 down: no link-down update"
		links_ok=0
	fi
	n0=$(grep -c '^update port 1 .* link up' "$TMP/wire.out")
	ip -n $1 link set $2 up
	for ((i = 0; i < 30; i++)); do
		[ "$(grep -c '^update port 1 .* link up' "$TMP/wire.out")" -gt "$n0" ] && break
		sleep 0.1
	done
	if [ $i -lt 30 ]; then
		ok "$2 up: port 1 reported link up"
	else
		nok "$2 up: no link-up update"
		links_ok=0
	fi
done
sleep 0.5
if [ $links_ok = 1 ] && ip netns exec $H1 ping -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null 2>&1; then
	ok "traffic flows again after the link came back"
else
	nok "no traffic after link up"
fi

# ---- Stop the harness; its counters judge what the core was given.
kill -TERM $WIRE
wait $WIRE
rc=$?
if [ $rc = 0 ] && grep -q '^remove port 2' "$TMP/wire.out"; then
	ok "harness stopped cleanly, ports removed (exit $rc)"
else
	nok "harness exit $rc: $(tail -3 "$TMP/wire.err")"
fi
if grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error' "$TMP/wire.err"; then
	nok "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$TMP/wire.err")"
fi
# port 1's only oversized frames are the 50 deliberate 1700-byte ones: the
# TCP super-frames were all cut to the MTU.
v=$(counter port1.rx_oversize)
if [ "$v" = 50 ]; then
	ok "port1.rx_oversize 50 (the deliberate ones; GSO frames were cut)"
else
	nok "port1.rx_oversize is '$v', want 50"
fi
for k in port1.csum_bad port2.csum_bad port2.rx_oversize \
	port1.lost_errors port2.lost_errors; do
	v=$(counter $k)
	if [ "$v" = 0 ]; then
		ok "$k 0"
	else
		nok "$k is '$v'"
	fi
done
v=$(counter port1.csum_checked)
if [ "${v:-0}" -gt 10000 ]; then
	ok "port 1 gave $v TCP/UDP frames with correct checksums"
else
	nok "port1.csum_checked is '$v'"
fi
v=$(counter port2.tx_dropped)
if [ "${v:-0}" -ge 50 ]; then
	ok "port 2 refused the 50 oversized frames (tx_dropped $v)"
else
	nok "port2.tx_dropped is '$v', want >= 50"
fi
v=$(counter afters)
if [ "${v:-0}" -gt 0 ]; then
	ok "after() called after batches ($v)"
else
	nok "after() never called"
fi
max=$(counter port1.rx_max)
echo "# port1.rx $(counter port1.rx) rx_max $max lost_dropped $(counter port1.lost_dropped); port2.rx $(counter port2.rx) lost_dropped $(counter port2.lost_dropped)"
summary
