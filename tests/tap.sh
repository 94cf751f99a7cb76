# Shared helpers of the shell tests (source it): ok/nok count checks and
# print TAP-style lines, summary prints the suite's last line
# "N passed, N failed" and exits non-zero on failure.
pass=0 fail=0
ok() {
	pass=$((pass + 1))
	echo "ok - $*"
}
nok() {
	fail=$((fail + 1))
	echo "not ok - $*"
}
summary() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}
# Stops the test (one failure) unless it runs as root with /dev/net/tun and
# every command named is installed.
need_root_tun() {
	local tool
	if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
		echo "not ok - needs root and /dev/net/tun"
		echo "0 passed, 1 failed"
		exit 1
	fi
	for tool in "$@"; do
		command -v "$tool" >/dev/null || {
			echo "not ok - $tool not installed"
			echo "0 passed, 1 failed"
			exit 1
		}
	done
}
# cli NAME EXPECTED_STATUS PATTERN ARGS...: runs "$bin" ARGS (killed
# after 10 s); passes if it exits EXPECTED_STATUS with output matching the
# extended regex PATTERN (case-insensitive). For command-line checks.
cli() {
	local name=$1 want=$2 pat=$3
	shift 3
	local out rc
	out=$(timeout -s KILL 10 "$bin" "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qiE -- "$pat" <<<"$out"; then
		ok "$name"
	else
		nok "$name (exit $rc, output: $(head -c 300 <<<"$out"))"
	fi
}
