#!/usr/bin/env bash
# Tier 2 (../shared/XEN-TESTING.md): real Xen 4.17 under QEMU (TCG) with
# the Debian dom0 of xen/tests/dom0.sh; inside dom0, `xl create` boots
# build/xen/selftest.xen as a PVH domU, which runs the platform
# self-tests and reports through I/O port 0xe9 (Xen's serial line, "(dN)"
# lines) and its PV console ring (xenconsoled's log). Checks: dom0 comes
# up, xl creates the guest, the guest reaches its PVH entry on Xen with
# its `extra=` command line, installs the hypercall page, finds its
# console ring, maps shared info (the Xen clock), talks to xenstored over
# its ring (reads its domid and name, writes and reads a key), passes
# every self-test (the Xen-only ones included), and
# its output reaches the console log; it powers its domain off
# (SCHEDOP_shutdown). Then build/xen/nettest.xen, netstack on a vif in a
# dom0 bridge: netfront connects to netback, dom0 pings it with 0% loss,
# netstack's counters show every echo answered and netfront's no bad
# response, and it powers off. Then dom0 powers off and QEMU exits by
# itself. On a
# failure the end of the serial output is shown. Needs root and what
# tools/install-deps.sh installs (it builds the dom0 once). Last line:
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh

for tool in qemu-system-x86_64 cpio debootstrap; do
	if ! command -v "$tool" >/dev/null; then
		nok "$tool installed (tools/install-deps.sh)"
		summary
	fi
done
if [ "$(id -u)" != 0 ]; then
	nok "runs as root (the dom0 cache is built as root)"
	summary
fi
if ! make -s xen >/dev/null; then
	nok "make xen builds selftest.xen"
	summary
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/xen-tier2.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/t"
cp build/xen/selftest.xen build/xen/nettest.xen "$work/t/"
cat >"$work/t/run.sh" <<'EOF'
cat >/t/selftest.cfg <<CFG
name = "selftest"
type = "pvh"
kernel = "/t/selftest.xen"
memory = 32
tsc_mode = "native"
on_poweroff = "destroy"
on_crash = "preserve"
extra = "tier2 extra=ok"
CFG
if xl create /t/selftest.cfg; then
	echo "TIER2: xl create ok"
else
	echo "TIER2: xl create failed"
fi
# Success powers the guest off (destroyed); a crash keeps it (preserve).
for i in $(seq 120); do
	state=$(xl list selftest 2>/dev/null | awk 'NR == 2 { print $5 }')
	case $state in
	"" | *c*) break ;;
	esac
	sleep 0.5
done
case $state in
"") echo "TIER2: guest powered off" ;;
*c*) echo "TIER2: guest crashed"; xl destroy selftest ;;
*) echo "TIER2: guest still running ($state)"; xl destroy selftest ;;
esac
sleep 0.5 # xenconsoled writes the last of the log
sed 's/^/CONSOLE: /' /var/log/xen/console/guest-selftest.log

# nettest.xen: netstack on a vif in bridge xenbr0; dom0 pings it.
ip link add xenbr0 type bridge && ip addr add 10.0.0.1/24 dev xenbr0 &&
	ip link set xenbr0 up
cat >/t/nettest.cfg <<CFG
name = "nettest"
type = "pvh"
kernel = "/t/nettest.xen"
memory = 32
tsc_mode = "native"
on_poweroff = "destroy"
on_crash = "preserve"
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:20' ]
extra = "ip=10.0.0.2/24 secs=20"
CFG
xl create /t/nettest.cfg && echo "TIER2: nettest created"
log=/var/log/xen/console/guest-nettest.log
for i in $(seq 240); do
	grep -qE "nettest: up|panic" $log 2>/dev/null && break
	sleep 0.5
done
ping -c 5 -W 3 10.0.0.2 | sed 's/^/PING: /'
for i in $(seq 120); do
	state=$(xl list nettest 2>/dev/null | awk 'NR == 2 { print $5 }')
	case $state in
	"" | *c*) break ;;
	esac
	sleep 0.5
done
case $state in
"") echo "TIER2: nettest powered off" ;;
*) echo "TIER2: nettest not powered off ($state)"; xl destroy nettest ;;
esac
sleep 0.5
sed 's/^/NETTEST: /' $log
EOF
start=$(date +%s)
TIER2_TIMEOUT=${TIER2_TIMEOUT:-600} bash xen/tests/tier2.sh "$work/t" \
	>"$work/serial" 2>&1
rc=$?
echo "# QEMU ran $(($(date +%s) - start)) s"
has() { grep -qE -- "$1" "$work/serial"; }
check() { # check DESCRIPTION PATTERN
	if has "$2"; then ok "$1"; else nok "$1"; fi
}
check "dom0 boots under Xen 4.17 and starts xenstored and xenconsoled" \
	'^TIER2: dom0 ready'
check "xl create boots selftest.xen as a PVH domU" '^TIER2: xl create ok'
check "the guest reaches its PVH entry on Xen" '^\(d[0-9]+\) boot: PVH entry on Xen'
check "the guest got its extra= command line from start_info" \
	'^\(d[0-9]+\) boot: start_info version [0-9]+, cmdline "tier2 extra=ok"'
check "the guest installs the hypercall page (Xen 4.17 answers)" \
	'^\(d[0-9]+\) boot: Xen 4\.17, hypercall page installed'
check "the guest finds its console ring" '^\(d[0-9]+\) boot: console ring up'
n=$(sed -nE 's/^\(d[0-9]+\) selftest: ([0-9]+) passed, 0 failed.*/\1/p' \
	"$work/serial" | tail -n 1)
if [ -n "$n" ] && [ "$n" -ge 14 ] && has '^\(d[0-9]+\) selftest: ok xen-hyp' &&
	has '^\(d[0-9]+\) selftest: ok xen-store' &&
	has '^\(d[0-9]+\) selftest: ok xen-evtchn-gnttab'; then
	ok "every platform self-test passes on Xen ($n)"
else
	nok "every platform self-test passes on Xen"
	grep -E '^\(d[0-9]+\) selftest: (FAIL|[0-9]+ passed)|selftest:   line' \
		"$work/serial" | head -n 10 | sed 's/^/#   /'
fi
check "it reads its domid and name from xenstore over its ring" \
	'^\(d[0-9]+\) selftest:   xenstore: domid [1-9][0-9]*, name "selftest"'
check "its output reaches dom0 through the console ring (xenconsoled's log)" \
	'^CONSOLE: selftest: [0-9]+ passed, 0 failed'
check "it powers its domain off (SCHEDOP_shutdown)" '^TIER2: guest powered off'
check "nettest.xen: xl creates it with a vif on bridge xenbr0" \
	'^TIER2: nettest created'
check "nettest.xen: netfront connects to netback (xenstore handshake, grants, event channel)" \
	'^\(d[0-9]+\) nettest: up on vif 0 \(mac 00:16:3e:00:00:20'
check "nettest.xen: dom0 pings netstack through netfront/netback, 0% loss" \
	'^PING: 5 packets transmitted, 5 packets received, 0% packet loss'
check "nettest.xen: netstack answered every echo request" \
	'^\(d[0-9]+\) nettest: icmp_echo_tx [5-9]'
check "nettest.xen: no bad response from the backend" \
	'^\(d[0-9]+\) nettest: vif rx [0-9]+ frames, tx [0-9]+ frames, bad 0'
check "nettest.xen: powers itself off when its time is up" \
	'^TIER2: nettest powered off'
if [ "$rc" = 0 ] && has '^TIER2: run.sh exited'; then
	ok "dom0 powers off and QEMU exits by itself"
else
	nok "dom0 powers off and QEMU exits by itself (exit $rc)"
fi
if [ "$fail" != 0 ]; then
	mkdir -p build && cp "$work/serial" build/xen-tier2.serial
	echo "# whole serial output kept in build/xen-tier2.serial"
	echo "# --- end of the serial line (Xen, dom0, guest):"
	grep -v '^(XEN) HVM d[0-9]' "$work/serial" | tail -n 40 | sed 's/^/#   /'
fi
summary
