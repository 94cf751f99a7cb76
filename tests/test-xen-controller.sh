#!/usr/bin/env bash
# Tier 2 for of-controller.xen: real Xen 4.17 under QEMU (TCG) with the
# Debian dom0 of xen/tests/dom0.sh; the image runs as a PVH domU whose vif
# is on dom0's bridge xenbr0 together with QEMU's emulated NIC, and QEMU's
# user networking forwards 127.0.0.1:PORT on the host to the guest's
# 10.0.2.15:6653. tests/xen_ctl_peer.py then plays OpenFlow switches from
# the host against the unikernel's learning app: the handshake, echo, a
# flooded broadcast, a FLOW_MOD for a learned MAC, a second switch. Then
# 20000 malformed frames go at its vif from dom0 (xen/tests/frame_storm.c:
# runts, bad headers, lengths, checksums, fragments, TCP options), and
# then an Open vSwitch bridge (userspace datapath) connects to it, and two
# hosts behind the bridge ping each other with 0% loss through the flows
# the unikernel installs. The guest's log (port 0xe9, "(dN)" lines) must
# show the switches come up.
# QEMU runs in a network namespace of the test (its forwarded port is on
# that namespace's loopback) and is stopped by PID. Needs root and what
# tools/install-deps.sh installs. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tests/ovs_env.sh
need_root_tun qemu-system-x86_64 cpio python3 ip ovs-vsctl ovs-ofctl ethtool

if ! make -s xen >/dev/null; then
	nok "make xen builds of-controller.xen"
	summary
fi
ovs_env xenctl
work=$TMP
H1=xch1$$
H2=xch2$$
qpid=
cleanup() {
	if [ -n "$qpid" ]; then
		kill -KILL -- "-$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	ip netns del "$H1" 2>/dev/null
	ip netns del "$H2" 2>/dev/null
	ovs_env_cleanup
}
trap cleanup EXIT
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up || {
	nok "network namespace $NS"
	summary
}
mkdir -p "$work/t"
cp build/xen/of-controller.xen "$work/t/"
if ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -O2 -static -o "$work/t/frame_storm" \
	xen/tests/frame_storm.c; then
	nok "xen/tests/frame_storm.c builds (static)"
	summary
fi
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
# Once it listens: 20000 malformed and hostile frames at its vif, while
# the host's switches talk to it.
log=/var/log/xen/console/guest-ofc.log
for i in $(seq 600); do
	grep -q "of-controller: listening" $log 2>/dev/null && break
	sleep 0.5
done
/t/frame_storm "vif$(xl domid ofc).0" 00:16:3e:00:00:30 10.0.2.15 20000 7
echo "TIER2: storm done"
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

for _ in $(seq 600); do
	grep -q '^TIER2: storm done' "$work/serial" && break
	sleep 0.5
done
sent=$(sed -nE 's/^frame_storm: sent ([0-9]+) frames.*/\1/p' "$work/serial")
if [ -n "$sent" ] && [ "$sent" -ge 19000 ]; then
	ok "$sent malformed frames thrown at its vif (xen/tests/frame_storm.c)"
else
	nok "20000 malformed frames thrown at its vif ($(grep '^frame_storm' "$work/serial"))"
fi
# Open vSwitch in the same namespace (its controller is the forwarded
# port), two hosts behind it: the unikernel's learning app must carry
# their pings.
setup_ovs() {
	ovs_started=true
	in_ns $OVS_CTL start --system-id=random --no-mlockall \
		--no-record-hostname || return 1
	in_ns ovs-vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
		protocols=OpenFlow10 fail_mode=secure || return 1
	for i in 1 2; do
		local h=$H1
		[ $i = 2 ] && h=$H2
		ip netns add "$h" && ip netns exec "$h" ip link set lo up &&
			ip link add xcp$i netns "$NS" type veth peer name eth0 \
				netns "$h" &&
			ip netns exec "$h" ip addr add "10.9.9.$i/24" dev eth0 &&
			ip netns exec "$h" ip link set eth0 address "00:00:00:00:00:0$i" &&
			ip netns exec "$h" ethtool -K eth0 tx off >/dev/null &&
			ip netns exec "$h" ip link set eth0 up &&
			in_ns ip link set xcp$i up &&
			in_ns ovs-vsctl add-port br0 xcp$i || return 1
	done
	in_ns ovs-vsctl set-controller br0 "tcp:127.0.0.1:$port" || return 1
	for _ in $(seq 600); do
		[ "$(in_ns ovs-vsctl get controller br0 is_connected 2>/dev/null)" = true ] &&
			return 0
		sleep 0.2
	done
	echo "br0 never connected to tcp:127.0.0.1:$port"
	return 1
}
if setup_ovs >"$work/ovs-setup.log" 2>&1; then
	ok "an Open vSwitch bridge (netdev) connects to of-controller.xen"
	out=$(ip netns exec "$H1" ping -n -c 5 -W 5 10.9.9.2 2>&1)
	if grep -q ' 0% packet loss' <<<"$out"; then
		ok "hosts behind Open vSwitch ping each other, 0% loss"
	else
		nok "hosts behind Open vSwitch ping each other ($(tail -n 2 <<<"$out" | head -n 1))"
	fi
	flows=$(in_ns ovs-ofctl -O OpenFlow10 dump-flows br0 2>&1)
	if grep -q 'dl_dst=00:00:00:00:00:02' <<<"$flows" &&
		grep -q 'dl_dst=00:00:00:00:00:01' <<<"$flows"; then
		ok "of-controller.xen installed the learned flows in Open vSwitch"
	else
		nok "of-controller.xen installed the learned flows ($(head -c 300 <<<"$flows"))"
	fi
else
	nok "an Open vSwitch bridge (netdev) connects to of-controller.xen"
	sed 's/^/#   /' "$work/ovs-setup.log" | tail -n 10
fi
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
