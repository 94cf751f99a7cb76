#!/usr/bin/env bash
# netstack against Linux's own stack over a tap device in a network
# namespace: ARP resolution, pings (small, 1400 and 4000 bytes: Linux's
# fragments reassembled, our replies fragmented), UDP echo, ICMP port
# unreachable for a closed port, and DHCP from dnsmasq if installed.
# Needs root. Prints "N passed, N failed[, N skipped]" last.
set -u
cd "$(dirname "$0")/.."
. tests/tap.sh
skipped=0
B=${B:-build}
bin=$B/bin/ns-tapd
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
	echo "SKIP: needs root and /dev/net/tun"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
make -s B="$B" "$bin" || { echo "0 passed, 1 failed"; exit 1; }
ns=nstap$$
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
ip netns add "$ns"
nsx() { ip netns exec "$ns" "$@"; }
nsx ip link set lo up
nsx ip tuntap add dev tap0 mode tap
nsx ip addr add 10.77.0.1/24 dev tap0
nsx ip link set tap0 up
log=$(mktemp)
ip netns exec "$ns" "$bin" --tap tap0 --ip 10.77.0.2/24 --gw 10.77.0.1 --udp-echo 7 \
	>"$log" 2>&1 &
pids+=($!)
sleep 0.5

if nsx ping -c 3 -i 0.2 -W 1 10.77.0.2 >/dev/null; then
	ok "Linux pings netstack"
else nok "Linux pings netstack"; fi
if nsx ip neigh show 10.77.0.2 dev tap0 | grep -q '02:6e:73:00:00:01'; then
	ok "ARP: Linux resolved netstack's MAC"
else nok "ARP resolution"; fi
if command -v arping >/dev/null &&
	nsx arping -c 2 -w 3 -I tap0 10.77.0.2 >/dev/null 2>&1; then
	ok "arping answered"
elif ! command -v arping >/dev/null; then
	echo "SKIP arping not installed"; skipped=$((skipped + 1))
else nok "arping answered"; fi
for size in 1400 4000; do
	if nsx ping -c 3 -i 0.2 -W 2 -s $size 10.77.0.2 2>&1 |
		grep -q ' 0% packet loss'; then
		ok "ping -s $size: 0% loss (fragments both ways)"
	else nok "ping -s $size"; fi
done
py_udp='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect(("10.77.0.2", int(sys.argv[1])))
s.send(b"hello netstack")
try:
    print(s.recv(100).decode())
except ConnectionRefusedError:
    print("refused")
except socket.timeout:
    print("timeout")
'
r=$(nsx python3 -c "$py_udp" 7)
if [ "$r" = "hello netstack" ]; then ok "UDP echo round-trips"
else nok "UDP echo (got '$r')"; fi
r=$(nsx python3 -c "$py_udp" 9999)
if [ "$r" = refused ]; then ok "ICMP port unreachable for a closed port"
else nok "port unreachable (got '$r')"; fi
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null
pids=()

if command -v dnsmasq >/dev/null; then
	ip netns exec "$ns" dnsmasq --no-daemon --port=0 --interface=tap0 --bind-interfaces \
		--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,120 \
		--dhcp-leasefile=/dev/null --log-dhcp >"$log.dns" 2>&1 &
	pids+=($!)
	ip netns exec "$ns" "$bin" --tap tap0 --dhcp >"$log" 2>&1 &
	pids+=($!)
	got=""
	for _ in $(seq 50); do
		got=$(sed -nE 's/^ns-tapd: address (10\.77\.0\.[0-9]+)\/24.*/\1/p' "$log" | head -n 1)
		[ -n "$got" ] && break
		sleep 0.2
	done
	if [ -n "$got" ] && nsx ping -c 2 -W 1 "$got" >/dev/null; then
		ok "DHCP from dnsmasq: $got, pingable"
	else nok "DHCP from dnsmasq"; cat "$log"; tail -5 "$log.dns"; fi
else
	echo "SKIP dnsmasq not installed (tools/install-deps.sh)"
	skipped=$((skipped + 1))
fi
rm -f "$log" "$log.dns"
if [ $skipped -gt 0 ]; then
	echo "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" = 0 ]
	exit
fi
summary
