#!/usr/bin/env bash
# of-switch (sanitizer build) against a misbehaving controller and
# management client, and malformed frames on its ports
# (tests/sw_peer.py): every class of bad message gets the right OFPT_ERROR
# (type, code, xid, first 64 bytes) and the connection stays up; streams
# that cannot be framed are closed; a silent controller is dropped after
# the inactivity probe and the switch reconnects; a client that floods and
# never reads does not grow the switch's memory; malformed frames are
# counted and forwarded without a crash. Then SIGTERM: exit 0, no
# sanitizer report. Runs in a network namespace of its own (veths
# p1/q1, p2/q2). Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: not root"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

bin=${SW_BIN:-build/san/bin/of-switch}
if [ -z "${SW_BIN:-}" ] && ! make -s SAN=1 "$bin"; then
	nok "build of $bin"
	summary
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d "${TMPDIR:-/tmp}/sw-malformed.XXXXXX")
NS=swbad$$
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	ip netns del $NS 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

in_ns() { ip netns exec $NS "$@"; }
ip netns add $NS && in_ns ip link set lo up &&
	in_ns ip link add p1 type veth peer name q1 &&
	in_ns ip link add p2 type veth peer name q2 &&
	for i in p1 q1 p2 q2; do in_ns ip link set $i up || exit 1; done ||
	{
		nok "namespace $NS with veths"
		summary
	}
in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1

LPORT=6690 CPORT=6691
# Not through in_ns: $! must be of-switch itself (ip netns exec execs it).
ip netns exec $NS "$bin" --port p1 --port p2 --datapath-id 42 --fail secure \
	--listen ptcp:$LPORT:127.0.0.1 --controller tcp:127.0.0.1:$CPORT \
	--probe-interval 1 --max-backoff 2 --max-flows 8 --log-level info \
	2>"$work/log" &
pid=$!
for _ in $(seq 100); do
	in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$LPORT" 2>/dev/null && break
	sleep 0.1
done
if ! kill -0 $pid 2>/dev/null; then
	nok "of-switch starts"
	sed 's/^/#   /' "$work/log" | tail -n 20
	pid=
	summary
fi
ok "of-switch (sanitizer build) listens on 127.0.0.1:$LPORT in $NS"

in_ns timeout -s KILL 180 /usr/bin/python3 tests/sw_peer.py $LPORT $CPORT \
	$pid q1 q2 p1 >"$work/peer" 2>&1
rc=$?
grep -E '^(ok|not ok) - ' "$work/peer"
p=$(grep -c '^ok - ' "$work/peer")
f=$(grep -c '^not ok - ' "$work/peer")
pass=$((pass + p))
fail=$((fail + f))
if [ $rc != 0 ] && [ "$f" = 0 ]; then
	nok "sw_peer.py ran to the end (exit $rc)"
	tail -n 15 "$work/peer" | sed 's/^/#   /'
fi

if kill -0 $pid 2>/dev/null; then
	ok "of-switch still running after the peer's abuse"
	kill -TERM $pid
	wait $pid
	rc=$?
	pid=
	[ $rc = 0 ] && ok "SIGTERM: of-switch exits 0" || nok "SIGTERM: exit status $rc"
else
	nok "of-switch still running"
	wait $pid
	pid=
fi
if grep -q 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer\|ThreadSanitizer' "$work/log"; then
	nok "no sanitizer report"
	grep -A10 'ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer' "$work/log" | head -n 30 | sed 's/^/#   /'
else
	ok "no sanitizer report"
fi
if [ "$fail" != 0 ]; then
	echo "#   --- tail of of-switch's log"
	tail -n 25 "$work/log" | cut -c1-200 | sed 's/^/#   /'
fi
summary
