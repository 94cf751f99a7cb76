#!/usr/bin/env bash
# of-controller in direct mode (--net tap:NAME,SETTINGS): its OpenFlow
# channels on netstack over a tap device, the Xen image's network path.
#   1. The command line: bad --net values and combinations exit 2 with a
#      clear reason; --help documents --net.
#   2. In a network namespace of its own, the sanitizer build on a tap with
#      the kernel as its only peer: Linux pings netstack; tests/ctl_peer.py
#      plays misbehaving switches over netstack (bad messages, unframeable
#      streams, a flooder that never reads, duplicate datapath ids, 50
#      switches at once); the controller holds no kernel TCP socket; SIGTERM
#      exits 0 with no sanitizer report.
#   3. Mininet (mininet-tests/direct.py through mininet-tests/lib.sh's
#      private namespaces): OVS switches, then OVS and of-switch mixed,
#      connect to the controller over netstack; pingall loses nothing.
# Needs root, /dev/net/tun, Mininet and Open vSwitch. Last line:
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
need_root_tun ip ping python3

bin=${CTL_BIN:-build/san/bin/of-controller}
if [ -z "${CTL_BIN:-}" ] && ! make -s SAN=1 "$bin"; then
	nok "build of $bin"
	summary
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/ctl-direct.XXXXXX")
NS=ctldirect$$
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null
	rm -rf "$work"
	mnt_teardown 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. the command line ----------------------------------------------
cli "--help documents --net" 0 "--net tap:NAME" --help
cli "--net without tap: refused" 2 "expected tap:NAME" --net eth0
cli "--net without an address refused" 2 "no address" --net tap:t0
cli "--net with a bad address refused" 2 "not an IPv4 address" \
	--net tap:t0,ip=10.0.0.300/24
cli "--net without a prefix refused" 2 "prefix length is required" \
	--net tap:t0,ip=10.0.0.2
cli "--net gateway off the subnet refused" 2 "subnet" \
	--net tap:t0,ip=10.0.0.2/24,gw=10.0.1.1
cli "--net ip= with dhcp refused" 2 "give one of them" \
	--net tap:t0,ip=10.0.0.2/24,dhcp
cli "--net unknown setting refused" 2 "unknown setting" \
	--net tap:t0,ip=10.0.0.2/24,speed=10
cli "--net setting given twice refused" 2 "given twice" \
	--net tap:t0,ip=10.0.0.2/24,mtu=1400,mtu=1500
cli "--net multicast MAC refused" 2 "multicast MAC" \
	--net tap:t0,ip=10.0.0.2/24,mac=01:00:5e:00:00:01
cli "--net tap name too long refused" 2 "1..15" \
	--net tap:abcdefghijklmnop,ip=10.0.0.2/24
cli "--net twice refused" 2 "only one" --net tap:t0,ip=10.0.0.2/24 \
	--net tap:t1,ip=10.0.0.3/24
cli "--net with --threads 2 refused" 2 "one worker" \
	--net tap:t0,ip=10.0.0.2/24 --threads 2
cli "--net with pssl: refused" 2 "only ptcp" \
	--net tap:t0,ip=10.0.0.2/24 --listen pssl:6653 -p k -c c -C ca
cli "--net with another listen address refused" 2 "0.0.0.0 or the --net" \
	--net tap:t0,ip=10.0.0.2/24 --listen ptcp:6653:10.0.0.9

# ---- 2. over a tap, the kernel as the only peer -------------------------
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up || {
	nok "network namespace $NS"
	summary
}
ip netns exec "$NS" "$bin" --net tap:ofnet0,ip=10.253.0.2/24 \
	--listen ptcp:6653 --app learning --threads 1 --probe-interval 30 \
	--log-level debug 2>"$work/log" &
pid=$!
for _ in $(seq 1 100); do
	ip netns exec "$NS" test -e /sys/class/net/ofnet0 && break
	sleep 0.1
done
ip netns exec "$NS" ip addr add 10.253.0.1/24 dev ofnet0 &&
	ip netns exec "$NS" ip link set ofnet0 up
if ip netns exec "$NS" ping -n -c 2 -W 2 10.253.0.2 >/dev/null; then
	ok "Linux pings of-controller's netstack on tap ofnet0"
else
	nok "Linux pings of-controller's netstack on tap ofnet0"
	sed 's/^/#   /' "$work/log" | tail -n 10
fi
out=$(timeout -s KILL 180 ip netns exec "$NS" /usr/bin/python3 \
	tests/ctl_peer.py 6653 "$pid" 10.253.0.2 2>&1)
echo "$out" | grep -v '^[0-9]* passed'
line=$(echo "$out" | tail -n 1)
p=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p' <<<"$line")
f=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p' <<<"$line")
if [ -z "$p" ]; then
	nok "ctl_peer.py over netstack ran to the end"
else
	pass=$((pass + p))
	fail=$((fail + f))
fi
if grep -q "cannot be framed" "$work/log"; then
	ok "log names the reason a stream was closed"
else
	nok "log names the reason a stream was closed"
fi
# Sockets of the process, against the namespace's kernel TCP table.
inodes=$(ls -l "/proc/$pid/fd" 2>/dev/null | sed -nE 's/.*socket:\[([0-9]+)\]$/\1/p')
tcp_held=0
for i in $inodes; do
	if ip netns exec "$NS" awk -v i="$i" 'NR > 1 && $10 == i { f = 1 }
		END { exit !f }' /proc/net/tcp /proc/net/tcp6; then
		tcp_held=$((tcp_held + 1))
	fi
done
if [ "$tcp_held" = 0 ]; then
	ok "of-controller holds no kernel TCP socket in direct mode"
else
	nok "of-controller holds no kernel TCP socket ($tcp_held found)"
fi
if kill -TERM "$pid" 2>/dev/null; then
	wait "$pid"
	rc=$?
	pid=
	if [ "$rc" = 0 ]; then ok "SIGTERM: exit status 0"; else nok "SIGTERM: exit status 0 (got $rc)"; fi
else
	nok "controller still running before SIGTERM"
	pid=
fi
if grep -q "tcp_segs_in" "$work/log" && grep -q "connections, 0 refused" "$work/log"; then
	ok "shutdown logs netstack's counters and no refused connection"
else
	nok "shutdown logs netstack's counters and no refused connection"
	grep -E "connections|tcp_" "$work/log" | tail -n 5 | sed 's/^/#   /'
fi
if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$work/log"; then
	nok "no sanitizer report"
	grep -E -A12 "AddressSanitizer|LeakSanitizer|runtime error" "$work/log" |
		head -n 40
else
	ok "no sanitizer report"
fi
ip netns del "$NS" 2>/dev/null

# ---- 3. Mininet ----------------------------------------------------------
. mininet-tests/lib.sh
why=$(mnt_skip_reason)
if [ -n "$why" ]; then
	nok "Mininet scenarios: $why"
	summary
fi
# The normal build in Mininet: the sanitizer's is slow with many switches.
export CTL_CMD=${CTL_CMD:-$PWD/build/bin/of-controller}
[ -x "$CTL_CMD" ] || make -s build/bin/of-controller
MNT_DEADLINE=$(($(date +%s) + ${MNT_BUDGET:-240}))
if ! mnt_setup ctldirect 2>"$work/setup"; then
	nok "Open vSwitch starts in netns $MNT_NS"
	sed 's/^/#   /' "$work/setup"
	summary
fi
mnt_scenario direct-ovs 90 direct.py tree,depth=2,fanout=2 ovs
mnt_scenario direct-mixed 90 direct.py linear,4 mixed
mnt_finish
summary
