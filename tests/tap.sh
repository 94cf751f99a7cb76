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
