#!/usr/bin/env bash
# of-switch's daemon side (docs/of-switch.md), without data ports:
# 1. Command line: bad values exit 2 with a one-line message naming the
#    option; --help documents every option (as the man page does);
#    --version.
# 2. Management: ovs-ofctl show/dump-desc/dump-tables/dump-flows/add-flow/
#    del-flows over ptcp: and punix:; the punix socket file is removed at
#    exit.
# 3. Controller: of-switch connects to ovs-testcontroller (tcp:), and
#    reconnects after the controller is restarted on the same port.
# 4. TLS: ssl: to ovs-testcontroller with ovs-pki certificates.
# 5. SIGTERM: exit 0, no sanitizer report.
# Loopback only; every process is tracked by PID and killed on exit.
# SWBIN overrides the binary (default: the sanitizer build).
# Prints "N passed, N failed[, N skipped]" last.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
skip=0

SWBIN=${SWBIN:-build/san/bin/of-switch}
if [ ! -x "$SWBIN" ]; then
	make -s SAN=1 build/san/bin/of-switch >/dev/null 2>&1
fi
if [ ! -x "$SWBIN" ]; then
	nok "$SWBIN is built"
	summary
fi
OFCTL="ovs-ofctl -O OpenFlow10 -F OpenFlow10 --no-names"
tmp=$(mktemp -d /tmp/of-switch-cli.XXXXXX)
# ovs-testcontroller keeps its control socket in OVS_RUNDIR.
export OVS_RUNDIR=$tmp OVS_LOGDIR=$tmp
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
	local n=$(($1 * 10))
	shift
	for _ in $(seq 1 $n); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
# established PID PORT: PID has an established TCP connection to PORT.
established() {
	ss -tnpH state established "( dport = :$2 )" 2>/dev/null |
		grep -q "pid=$1,"
}
no_san() { ! grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$1"; }

# ---- 1. command line ------------------------------------------------------
# bad "DESCRIPTION" "EXPECTED MESSAGE PART" ARGS...
bad() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$(timeout 10 "$SWBIN" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
		grep -qF -- "$want" <<<"$out"; then
		ok "$desc: exit 2, '$out'"
	else
		nok "$desc: exit $rc, '$out' (wanted exit 2 and '$want')"
	fi
}
bad "unknown option" "unknown option '--bogus'" --bogus
bad "missing argument" "option '--port' needs an argument" --port
bad "stray argument" "unexpected argument 'eth0'" eth0
bad "empty interface" "--port ':1'" --port :1
bad "long interface" "1 to 15 characters" --port abcdefghijklmnopq
bad "port number 0" "port number '0' is not 1..65279" --port a:0
bad "port number too big" "is not 1..65279" --port a:65280
bad "port number junk" "port number 'x'" --port a:x
bad "duplicate interface" "interface a is already a port" --port a --port a
bad "duplicate number" "port number 2 is already a's" --port a:2 --port b:2
bad "--ports empty item" "--ports 'a,,b'" --ports a,,b
bad "--ports duplicate" "already a port" --ports a,b,a
bad "controller kind" "unknown target type (expected tcp:IP[:PORT] or ssl:IP[:PORT])" --controller ptcp:6653
bad "controller name" "'localhost' is not an IPv4 or IPv6" --controller tcp:localhost
bad "controller port" "port '0' is not a number 1..65535" --controller tcp:127.0.0.1:0
bad "too many controllers" "at most 8 controllers" \
	$(for i in 1 2 3 4 5 6 7 8 9; do echo --controller tcp:127.0.0.$i; done)
bad "listen kind" "unknown target type (expected ptcp:[PORT][:IP], pssl:[PORT][:IP] or punix:PATH)" --listen tcp:1.2.3.4
bad "listen port" "port '70000'" --listen ptcp:70000
bad "punix without path" "expected punix:PATH" --listen punix:
bad "ssl without files" "--controller ssl:127.0.0.1:6653 needs --private-key, --certificate and --ca-cert (missing: --private-key --certificate --ca-cert)" --controller ssl:127.0.0.1
bad "pssl without CA" "(missing: --ca-cert)" --listen pssl:0 -p k -c c
bad "datapath id junk" "--datapath-id 'xyz': expected 1 to 16 hex digits" --datapath-id xyz
bad "datapath id too long" "expected 1 to 16 hex digits" --datapath-id 0x00000000000000001
bad "datapath id zero" "must not be 0" --datapath-id 0x0
bad "fail mode" "--fail 'open': expected secure or standalone" --fail open
bad "max flows" "--max-flows '0': expected a number" --max-flows 0
bad "max flows junk" "--max-flows '-5'" --max-flows -5
bad "buffers" "--buffers '99999999999999999999'" --buffers 99999999999999999999
bad "probe interval" "--probe-interval '0'" --probe-interval 0
bad "max backoff" "--max-backoff '1h'" --max-backoff 1h
bad "queue syntax" "expected PORT:QUEUE_ID[:MIN_RATE]" --port a --queue a
bad "queue id" "queue id '4294967295'" --port a --queue a:4294967295
bad "queue rate" "minimum rate '1001'" --port a --queue a:1:1001
bad "queue unknown port" "no port 'b'" --port a --queue b:1
bad "queue unknown number" "no port number 7" --port a --queue 7:1
bad "queue duplicate" "already has queue 1" --port a --queue a:1 --queue 1:1:5
bad "max-rate syntax" "expected PORT:RATE" --port a --max-rate a
bad "max-rate zero" "rate '0' is not" --port a --max-rate a:0
bad "max-rate too fast" "rate '101G' is not" --port a --max-rate a:101G
bad "max-rate suffix" "rate '10Mb' is not" --port a --max-rate a:10Mb
bad "max-rate unknown port" "no port 'b'" --port a --max-rate b:1M
bad "max-rate duplicate" "already has a rate" --port a --max-rate a:1M --max-rate 1:2M
bad "dp-desc too long" "--dp-desc: at most 255" --dp-desc "$(printf 'x%.0s' $(seq 300))"
bad "log level" "--log-level 'loud'" --log-level loud
bad "missing interface" "--port nosuchif0:" --port nosuchif0
bad "TLS key file" "--private-key $tmp/none.pem: cannot load the private key" \
	--controller ssl:127.0.0.1 -p "$tmp/none.pem" -c "$tmp/none.pem" -C "$tmp/none.pem"

help=$("$SWBIN" --help)
rc=$?
missing=
for o in --port --ports --queue --max-rate --snoop --controller --listen --private-key \
	--certificate --ca-cert --fail --probe-interval --max-backoff \
	--datapath-id --max-flows --buffers --dp-desc --log-level --verbose \
	--pidfile --help --version; do
	grep -qe "$o" <<<"$help" || missing="$missing $o"
	grep -qe "${o//-/\\\\-}" docs/of-switch.1 || missing="$missing man:$o"
	grep -qe "$o" docs/of-switch.md || missing="$missing md:$o"
done
[ "$rc" = 0 ] && [ -z "$missing" ] &&
	ok "--help, docs/of-switch.md and the man page document every option" ||
	nok "--help (exit $rc) and the docs lack:$missing"
v=$("$SWBIN" --version)
[ "$v" = "of-switch (ofsuite) 0.1" ] && ok "--version: $v" || nok "--version: '$v'"

# ---- 2. management over ptcp: and punix: ----------------------------------
lport=$(free_port)
sock=$tmp/sw.mgmt
"$SWBIN" --listen "ptcp:$lport:127.0.0.1" --listen "punix:$sock" \
	--datapath-id 0xabc --dp-desc "cli test" --fail secure \
	--pidfile "$tmp/sw.pid" 2>"$tmp/sw.log" &
swpid=$!
pids+=($swpid)
if wait_for 10 $OFCTL show "tcp:127.0.0.1:$lport" >"$tmp/show" 2>&1; then
	grep -q "dpid:0000000000000abc" "$tmp/show" &&
		ok "show over ptcp: dpid 0000000000000abc" ||
		nok "show over ptcp: $(head -n 2 "$tmp/show")"
else
	nok "show over ptcp: $(cat "$tmp/show") $(tail -n 3 "$tmp/sw.log")"
fi
[ "$(cat "$tmp/sw.pid" 2>/dev/null)" = "$swpid" ] && ok "--pidfile holds the PID" ||
	nok "--pidfile holds '$(cat "$tmp/sw.pid" 2>/dev/null)', not $swpid"
for tgt in "tcp:127.0.0.1:$lport" "unix:$sock"; do
	out=$($OFCTL dump-desc "$tgt" 2>&1) && grep -q "DP Description: *cli test" <<<"$out" &&
		ok "dump-desc over $tgt" || nok "dump-desc over $tgt: $out"
	out=$($OFCTL dump-tables "$tgt" 2>&1) && grep -q "OFPST_TABLE reply" <<<"$out" &&
		ok "dump-tables over $tgt" || nok "dump-tables over $tgt: $out"
	out=$($OFCTL add-flow "$tgt" "priority=7,ip,nw_dst=10.0.0.1,actions=drop" 2>&1) &&
		ok "add-flow over $tgt" || nok "add-flow over $tgt: $out"
	out=$($OFCTL dump-flows "$tgt" 2>&1)
	grep -q "priority=7,ip,nw_dst=10.0.0.1 actions=drop" <<<"$out" &&
		ok "dump-flows over $tgt shows the flow" || nok "dump-flows over $tgt: $out"
	out=$($OFCTL del-flows "$tgt" 2>&1) && ok "del-flows over $tgt" ||
		nok "del-flows over $tgt: $out"
	out=$($OFCTL dump-flows "$tgt" 2>&1)
	[ "$(grep -c cookie= <<<"$out")" = 0 ] && ok "dump-flows over $tgt: empty after del-flows" ||
		nok "dump-flows over $tgt after del-flows: $out"
done
kill -TERM $swpid
wait $swpid
rc=$?
pids=()
[ "$rc" = 0 ] && ok "SIGTERM: exit 0" || nok "SIGTERM: exit $rc"
[ ! -e "$sock" ] && ok "punix socket file removed at exit" || nok "punix socket file left"
[ ! -e "$tmp/sw.pid" ] && ok "pidfile removed at exit" || nok "pidfile left"
no_san "$tmp/sw.log" && ok "no sanitizer report (management)" ||
	{ nok "sanitizer report"; grep -A10 Sanitizer "$tmp/sw.log" | head -20; }

# ---- 3. controller connection and reconnection ---------------------------
if ! command -v ovs-testcontroller >/dev/null; then
	echo "# SKIP: ovs-testcontroller not installed"
	skip=$((skip + 2))
else
	cport=$(free_port)
	ovs-testcontroller -v "ptcp:$cport:127.0.0.1" 2>"$tmp/ctl1.log" &
	cpid=$!
	pids+=($cpid)
	"$SWBIN" --controller "tcp:127.0.0.1:$cport" --max-backoff 1 \
		--fail secure --log-level debug 2>"$tmp/sw2.log" &
	swpid=$!
	pids+=($swpid)
	wait_for 10 established $swpid $cport &&
		wait_for 5 grep -q "OFPT_FEATURES_REPLY" "$tmp/ctl1.log" &&
		ok "connects to ovs-testcontroller (handshake seen by it)" ||
		nok "connect to ovs-testcontroller: $(tail -n 5 "$tmp/sw2.log")"
	kill -KILL $cpid
	wait $cpid 2>/dev/null
	ovs-testcontroller -v "ptcp:$cport:127.0.0.1" 2>"$tmp/ctl2.log" &
	cpid=$!
	pids+=($cpid)
	wait_for 15 established $swpid $cport &&
		wait_for 5 grep -q "OFPT_FEATURES_REPLY" "$tmp/ctl2.log" &&
		ok "reconnects after the controller restarts" ||
		nok "reconnect: $(tail -n 5 "$tmp/sw2.log")"
	kill -TERM $swpid
	wait $swpid
	rc=$?
	[ "$rc" = 0 ] && ok "SIGTERM with a controller connected: exit 0" ||
		nok "SIGTERM with a controller: exit $rc"
	no_san "$tmp/sw2.log" && ok "no sanitizer report (controller)" ||
		{ nok "sanitizer report"; grep -A10 Sanitizer "$tmp/sw2.log" | head -20; }
	kill -KILL $cpid 2>/dev/null
	wait $cpid 2>/dev/null
	pids=()

	# ---- 4. TLS -------------------------------------------------------
	if ! command -v ovs-pki >/dev/null; then
		echo "# SKIP: ovs-pki not installed"
		skip=$((skip + 1))
	else
		pki=$tmp/pki
		(cd "$tmp" && ovs-pki --dir="$pki" init >/dev/null 2>&1 &&
			ovs-pki --dir="$pki" req+sign ctl controller >/dev/null 2>&1 &&
			ovs-pki --dir="$pki" req+sign sw switch >/dev/null 2>&1)
		cport=$(free_port)
		ovs-testcontroller -v -p "$tmp/ctl-privkey.pem" -c "$tmp/ctl-cert.pem" \
			-C "$pki/switchca/cacert.pem" "pssl:$cport:127.0.0.1" \
			2>"$tmp/ctl3.log" &
		cpid=$!
		pids+=($cpid)
		"$SWBIN" --controller "ssl:127.0.0.1:$cport" -p "$tmp/sw-privkey.pem" \
			-c "$tmp/sw-cert.pem" -C "$pki/controllerca/cacert.pem" \
			--log-level debug 2>"$tmp/sw3.log" &
		swpid=$!
		pids+=($swpid)
		wait_for 15 grep -q "OFPT_FEATURES_REPLY" "$tmp/ctl3.log" &&
			ok "TLS to ovs-testcontroller: handshake done ($(grep -o 'TLSv1[.0-9]*' "$tmp/sw3.log" | head -n 1))" ||
			nok "TLS: $(tail -n 5 "$tmp/sw3.log")"
		# The wrong CA: the switch refuses the controller.
		"$SWBIN" --controller "ssl:127.0.0.1:$cport" -p "$tmp/sw-privkey.pem" \
			-c "$tmp/sw-cert.pem" -C "$pki/switchca/cacert.pem" \
			--log-level debug 2>"$tmp/sw4.log" &
		bpid=$!
		pids+=($bpid)
		wait_for 10 grep -q "certificate verify failed" "$tmp/sw4.log" &&
			ok "TLS: a controller certificate from another CA is refused" ||
			nok "TLS wrong CA: $(tail -n 3 "$tmp/sw4.log")"
		for p in $swpid $bpid; do
			kill -TERM $p
			wait $p
			rc=$?
			[ "$rc" = 0 ] && ok "TLS switch $p: SIGTERM exit 0" || nok "TLS switch $p: exit $rc"
		done
		no_san "$tmp/sw3.log" && no_san "$tmp/sw4.log" &&
			ok "no sanitizer report (TLS)" || nok "sanitizer report (TLS)"
	fi
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
