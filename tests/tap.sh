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
