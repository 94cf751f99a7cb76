#!/usr/bin/env bash
# of-controller (sanitizer build) against misbehaving switches: every class
# of bad message gets the right OFPT_ERROR and the connection stays up; a
# stream that cannot be framed is closed with a logged reason; a flooding,
# non-reading switch does not grow the controller's memory; others are
# served throughout (tests/ctl_peer.py). Then the command line: bad options
# exit 2 with a clear message. Finally SIGTERM: clean exit, no sanitizer
# report. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
. tests/tap.sh
t() { # t NAME COMMAND...: passes if the command succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else nok "$name"; fi
}

bin=${CTL_BIN:-build/san/bin/of-controller}
if [ -z "${CTL_BIN:-}" ] && ! make -s SAN=1 "$bin"; then
	echo "build of $bin failed"
	echo "0 passed, 1 failed"
	exit 1
fi
work=$(mktemp -d /tmp/ctl-malformed.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_port() { # wait_port PORT: until something listens (bounded)
	for _ in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

port=$(free_port)
"$bin" --listen "ptcp:$port:127.0.0.1" --app learning --threads 2 \
	--probe-interval 30 2>"$work/log" &
pid=$!
if wait_port "$port"; then
	ok "controller listens on 127.0.0.1:$port"
	out=$(timeout -s KILL 120 /usr/bin/python3 tests/ctl_peer.py "$port" "$pid" 2>&1)
	echo "$out" | grep -v '^[0-9]* passed'
	line=$(echo "$out" | tail -n 1)
	p=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p' <<<"$line")
	f=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p' <<<"$line")
	if [ -z "$p" ]; then
		nok "ctl_peer.py ran to the end"
	else
		pass=$((pass + p))
		fail=$((fail + f))
	fi
else
	nok "controller listens on 127.0.0.1:$port"
fi
t "log names the reason a stream was closed" \
	grep -q "cannot be framed" "$work/log"
t "log has the bad-message warnings" grep -q "bad message" "$work/log"
if kill -TERM "$pid" 2>/dev/null; then
	wait "$pid"
	rc=$?
	pid=
	t "SIGTERM: exit status 0 (got $rc)" [ "$rc" = 0 ]
else
	nok "controller still running before SIGTERM"
fi
if grep -qE "AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error" "$work/log"; then
	nok "no sanitizer report"
	grep -E -A12 "AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error" "$work/log" |
		head -n 40
else
	ok "no sanitizer report"
fi

# The command line.
cli "--help lists options and apps" 0 "learning" --help
cli "--help documents --threads" 0 "--threads" --help
cli "--version" 0 "of-controller" --version
cli "--threads 0 refused" 2 "threads" --threads 0
cli "--threads abc refused" 2 "threads" --threads abc
cli "--listen tcp:x refused" 2 "tcp:x" --listen tcp:x
cli "--listen ptcp:99999 refused" 2 "99999" --listen ptcp:99999
cli "pssl without key refused" 2 "private-key|certificate|ca-cert" \
	--listen pssl:6653
cli "unknown app refused" 2 "nosuch" --app nosuch
cli "bad app argument refused" 2 "idle" --app learning:idle=x
cli "static with a missing file refused" 2 "/nonexistent" \
	--app static:file=/nonexistent/flows
printf 'priority=1,in_port=1,actions=output:2\nbogus=1,actions=drop\n' \
	>"$work/flows"
cli "static with a bad line: file and line named" 2 "flows:2" \
	--app "static:file=$work/flows"
cli "unknown option refused" 2 "bogus" --bogus
cli "stray argument refused" 2 "stray" stray

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
