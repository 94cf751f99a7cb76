#!/usr/bin/env bash
# of-pktgen (tools/pktgen.c): bad command lines exit 2; generator -> sink
# across one veth pair in two network namespaces of our own, 10,000 frames
# at a modest rate: the sink counts every one, no duplicates, no loss, and
# ignores frames of another run id. No timing assertions. Needs root (SKIP
# otherwise). Prints "N passed, N failed[, N skipped]" last.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
P=${OF_PKTGEN:-build/bin/of-pktgen}
skip=0
NS1=tpg$$-a NS2=tpg$$-b
tmp=$(mktemp -d)
cleanup() {
	ip netns del "$NS1" 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
if [ ! -x "$P" ]; then
	nok "$P is built (run make)"
	summary
fi

bad() { # bad WANT ARGS...: exit 2 and a message containing WANT
	local want=$1 rc
	shift
	timeout 10 "$P" "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc = 2 ] && grep -q -- "$want" "$tmp/err"; then
		ok "bad command line '$*': exit 2 ($want)"
	else
		nok "bad command line '$*': exit 2 ($want), got $rc: $(head -c 200 "$tmp/err")"
	fi
}
bad "missing mode"
bad "unknown mode 'send'" send -i lo
bad "needs --interface" gen -n 10
bad "invalid value '59' for --size" gen -i lo -n 10 -s 59
bad "invalid value '1515' for --size" gen -i lo -n 10 -s 1515
bad "invalid value '0' for --flows" gen -i lo -n 10 -f 0
bad "needs --count or --duration" gen -i lo
bad "is a generator option" sink -i lo -s 64
bad "is a sink option" gen -i lo -n 1 --expect 3
bad "unknown option --frobnicate" gen -i lo -n 1 --frobnicate
bad "unexpected argument" gen -i lo -n 1 extra
bad "expected a MAC" gen -i lo -n 1 --src-mac zz
timeout 5 "$P" --help >"$tmp/help" 2>&1 && grep -q "Exit status" "$tmp/help" &&
	ok "--help exits 0" || nok "--help exits 0"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP - generator -> sink needs root"
	skip=1
else
	ip netns add "$NS1" && ip netns add "$NS2" &&
		ip link add p0 netns "$NS1" type veth peer name p1 netns "$NS2" &&
		ip -n "$NS1" link set p0 up && ip -n "$NS2" link set p1 up
	timeout 30 ip netns exec "$NS2" "$P" sink -i p1 --run-id 42 --expect 10000 \
	    --idle 1 --ready-file "$tmp/ready" >"$tmp/sink" 2>&1 &
	sp=$!
	for i in $(seq 50); do [ -f "$tmp/ready" ] && break; sleep 0.1; done
	# Another run's frames first: the sink must ignore them.
	timeout 30 ip netns exec "$NS1" "$P" gen -i p0 --run-id 41 -n 500 -r 20000 >/dev/null 2>&1
	timeout 30 ip netns exec "$NS1" "$P" gen -i p0 --run-id 42 -n 10000 -r 20000 \
	    -f 1000 -s 100 >"$tmp/gen" 2>&1
	grc=$?
	wait $sp
	src=$?
	g=$(grep '^gen ' "$tmp/gen") s=$(grep '^sink ' "$tmp/sink")
	f() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" <<<"$2"; }
	[ $grc = 0 ] && [ "$(f sent "$g")" = 10000 ] && ok "gen sent 10000 ($g)" || nok "gen sent 10000 (exit $grc: $g)"
	[ $src = 0 ] && [ "$(f received "$s")" = 10000 ] && ok "sink received 10000" || nok "sink received 10000 (exit $src: $s)"
	[ "$(f dups "$s")" = 0 ] && [ "$(f reordered "$s")" = 0 ] && ok "no duplicates or reordering" || nok "no duplicates or reordering ($s)"
	[ "$(f loss "$s")" = 0.0000 ] && [ "$(f last_seq "$s")" = 9999 ] && ok "loss 0, last seq 9999" || nok "loss 0, last seq 9999 ($s)"
	o=$(f other "$s")
	[ "${o:-0}" -ge 500 ] && ok "frames of another run ignored (other=$o)" || nok "frames of another run ignored ($s)"
	timeout 10 ip netns exec "$NS2" "$P" sink -i p1 --run-id 43 --wait 0.5 >/dev/null 2>&1
	[ $? = 1 ] && ok "sink with no frame of its run exits 1" || nok "sink with no frame of its run exits 1"
fi
echo "$pass passed, $fail failed${skip:+, $skip skipped}" | sed 's/, 0 skipped//'
[ "$fail" = 0 ]
