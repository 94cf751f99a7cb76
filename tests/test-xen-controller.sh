#!/usr/bin/env bash
# Tier 2 for of-controller.xen: real Xen 4.17 under QEMU (TCG) with the
# Debian dom0 of xen/tests/dom0.sh; the image runs as a PVH domU whose vif
# is on dom0's bridge xenbr0 together with QEMU's emulated NIC, and QEMU's
# user networking forwards 127.0.0.1:PORT on the host to the guest's
# 10.0.2.15:6653. tests/xen_ctl_peer.py then plays OpenFlow switches from
# the host against the unikernel's learning app: the handshake, echo, a
# flooded broadcast, a FLOW_MOD for a learned MAC, a second switch. The
# guest's log (port 0xe9, "(dN)" lines) must show the switches come up.
# QEMU runs in a network namespace of the test (its forwarded port is on
# that namespace's loopback) and is stopped by PID. Needs root and what
# tools/install-deps.sh installs. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
need_root_tun qemu-system-x86_64 cpio python3 ip

if ! make -s xen >/dev/null; then
	nok "make xen builds of-controller.xen"
	summary
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/xen-ctl.XXXXXX")
NS=xenctl$$
qpid=
cleanup() {
	if [ -n "$qpid" ]; then
		kill -KILL -- "-$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up || {
	nok "network namespace $NS"
	summary
}
mkdir -p "$work/t"
cp build/xen/of-controller.xen "$work/t/"
cat >"$work/t/run.sh" <<'EOF'
ip link add xenbr0 type bridge && ip link set xenbr0 up
for i in $(seq 50); do
	[ -e /sys/class/net/eth0 ] && break
	sleep 0.2
done
ip link set eth0 master xenbr0 && ip link set eth0 up
cat >/t/ofc.cfg <<CFG
name = "ofc"
type = "pvh"
kernel = "/t/of-controller.xen"
memory = 32
tsc_mode = "native"
on_poweroff = "destroy"
on_crash = "preserve"
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:30' ]
extra = "net=ip=10.0.2.15/24,gw=10.0.2.2 app=learning log=info"
CFG
xl create /t/ofc.cfg && echo "TIER2: of-controller.xen created"
# Runs until the test stops QEMU.
while xl list ofc >/dev/null 2>&1; do
	sleep 2
done
echo "TIER2: of-controller.xen is gone"
EOF
port=6653
start=$(date +%s)
setsid ip netns exec "$NS" env TIER2_TIMEOUT=900 bash xen/tests/tier2.sh \
	"$work/t" -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-10.0.2.15:6653" \
	-device e1000,netdev=n0,romfile= >"$work/serial" 2>&1 &
qpid=$!
out=$(ip netns exec "$NS" timeout -s KILL 700 /usr/bin/python3 \
	tests/xen_ctl_peer.py "$port" 600 2>&1)
echo "$out" | grep -v '^[0-9]* passed'
line=$(echo "$out" | tail -n 1)
p=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p' <<<"$line")
f=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p' <<<"$line")
if [ -z "$p" ]; then
	nok "xen_ctl_peer.py ran to the end"
else
	pass=$((pass + p))
	fail=$((fail + f))
fi
echo "# $(($(date +%s) - start)) s from QEMU's start"
sleep 1
has() { grep -qE -- "$1" "$work/serial"; }
if has '^\(d[0-9]+\) of-controller: listening on 10\.0\.2\.15:6653'; then
	ok "of-controller.xen listens on netstack (10.0.2.15:6653)"
else
	nok "of-controller.xen listens on netstack (10.0.2.15:6653)"
fi
if has '^\(d[0-9]+\) .* switch 0000000000000042 up'; then
	ok "its log has switch 0000000000000042 up"
else
	nok "its log has switch 0000000000000042 up"
fi
if has '^\(d[0-9]+\) panic'; then
	nok "no panic in the guest"
else
	ok "no panic in the guest"
fi
if [ "$fail" != 0 ]; then
	mkdir -p build && cp "$work/serial" build/xen-controller.serial
	echo "# whole serial output kept in build/xen-controller.serial"
	grep -v '^(XEN) HVM d[0-9]' "$work/serial" | tail -n 40 | sed 's/^/#   /'
fi
summary
