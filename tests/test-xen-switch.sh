#!/usr/bin/env bash
# Tier 2 for of-switch.xen: real Xen 4.17 under QEMU (TCG) with the Debian
# dom0 of xen/tests/dom0.sh. Two unikernels run as PVH domUs:
#   - of-controller.xen (learning app) at 10.0.2.20 on dom0's bridge xenbr0,
#     which also holds QEMU's emulated NIC (QEMU's user network, 10.0.2.0/24);
#   - of-switch.xen with four vifs (three attached with xl network-attach
#     before it runs): vif 0 on xenbr0 is its control vif and
#     takes its address from QEMU's DHCP server (net=dhcp: 10.0.2.15), vifs
#     1 and 2 are data ports on bridges xbr1 and xbr2, each with a host (a
#     network namespace in dom0, 10.9.9.1 and .2); vif 3's MAC is made
#     malformed in xenstore before the guest runs (xl create -p), so the
#     image must leave it out with a log line and carry on.
# The hosts ping each other with 0% loss through the switch under the
# controller; then 3000 and 1000 malformed frames go at the data vifs and
# 2000 at the control vif (xen/tests/frame_storm.c) and the hosts ping
# again. From the
# host, ovs-ofctl reaches the switch's passive listener (port 6634, through
# QEMU's forwarded 127.0.0.1:PORT) and sees its ports and the learned
# flows. A third guest with a bad boot line, and an of-controller.xen
# whose vif has a malformed MAC in xenstore, must each power off with a
# reason (not crash). The guests' console logs are printed on the serial line and
# kept in build/xen-switch.serial when a check fails.
# QEMU runs in a network namespace of the test and is stopped by PID.
# Needs root and what tools/install-deps.sh installs. Last line:
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
need_root_tun qemu-system-x86_64 cpio ip ovs-ofctl

if ! make -s xen >/dev/null; then
	nok "make xen builds of-switch.xen and of-controller.xen"
	summary
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/xensw.XXXXXX")
NS=xensw$$
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
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up || {
	nok "network namespace $NS"
	summary
}
mkdir -p "$work/t"
cp build/xen/of-switch.xen build/xen/of-controller.xen "$work/t/"
if ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -O2 -static -o "$work/t/frame_storm" \
	xen/tests/frame_storm.c; then
	nok "xen/tests/frame_storm.c builds (static)"
	summary
fi
cat >"$work/t/run.sh" <<'EOF'
modprobe veth
ip link add xenbr0 type bridge && ip link set xenbr0 up
for i in $(seq 50); do
	[ -e /sys/class/net/eth0 ] && break
	sleep 0.2
done
ip link set eth0 master xenbr0 && ip link set eth0 up
for i in 1 2; do
	ip link add xbr$i type bridge && ip link set xbr$i up
	ip netns add h$i
	ip netns exec h$i ip link set lo up
	ip link add hv$i type veth peer name eth0 netns h$i
	ip link set hv$i master xbr$i && ip link set hv$i up
	ip netns exec h$i ip addr add 10.9.9.$i/24 dev eth0
	ip netns exec h$i ip link set eth0 address 00:00:00:00:00:0$i
	ip netns exec h$i ip link set eth0 up
done
common='type = "pvh"
memory = 32
tsc_mode = "native"
on_poweroff = "destroy"
on_crash = "preserve"'
cat >/t/ofc.cfg <<CFG
name = "ofc"
kernel = "/t/of-controller.xen"
$common
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:30' ]
extra = "net=ip=10.0.2.20/24,gw=10.0.2.2 app=learning"
CFG
cat >/t/ofs.cfg <<CFG
name = "ofs"
kernel = "/t/of-switch.xen"
$common
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:40' ]
extra = "net=dhcp ctl=tcp:10.0.2.20:6653 listen=6634 dpid=5a"
CFG
cat >/t/bad.cfg <<CFG
name = "bad"
kernel = "/t/of-switch.xen"
$common
extra = "net=dhcp ctl=udp:10.0.2.20"
CFG
cat >/t/badc.cfg <<CFG
name = "badc"
kernel = "/t/of-controller.xen"
$common
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:50' ]
extra = "net=ip=10.0.2.21/24"
CFG
xl create /t/ofc.cfg && echo "TIER2: of-controller.xen created"
xl create -p /t/ofs.cfg && echo "TIER2: of-switch.xen created, paused"
# Its data vifs are attached one at a time: under TCG, dom0's hotplug
# scripts running side by side have crashed (bash died of SIGSEGV).
xl network-attach ofs bridge=xbr1 mac=00:16:3e:00:00:41 &&
	xl network-attach ofs bridge=xbr2 mac=00:16:3e:00:00:42 &&
	xl network-attach ofs bridge=xbr1 mac=00:16:3e:00:00:43 &&
	echo "TIER2: data vifs attached"
id=$(xl domid ofs)
xenstore-write /local/domain/$id/device/vif/3/mac "00:16:3e:zz:00:43" &&
	echo "TIER2: vif 3's mac is now malformed"
xl unpause ofs
waitlog() { # NAME PATTERN TRIES
	for i in $(seq "$3"); do
		grep -q "$2" /var/log/xen/console/guest-$1.log 2>/dev/null && return 0
		sleep 0.5
	done
	return 1
}
waitlog ofs "first controller connection" 600 &&
	echo "TIER2: the switch is connected"
pings() { # LABEL
	local out
	out=$(ip netns exec h1 ping -n -c 10 -W 3 10.9.9.2 2>&1)
	echo "TIER2: ping $1: $(echo "$out" | grep 'packet loss')"
}
# The first round also makes the controller install flows.
ip netns exec h1 ping -n -c 3 -W 3 10.9.9.2 >/dev/null 2>&1
pings before
/t/frame_storm "vif$id.1" 00:16:3e:00:00:41 10.9.9.2 3000 11
/t/frame_storm "vif$id.0" 00:16:3e:00:00:40 10.0.2.15 2000 12
/t/frame_storm "vif$id.2" 00:16:3e:00:00:42 10.9.9.1 1000 13
echo "TIER2: storm done"
pings after
xl list ofs >/dev/null 2>&1 && echo "TIER2: ofs is still running"
xl create /t/bad.cfg && echo "TIER2: bad created"
for i in $(seq 120); do
	xl list bad >/dev/null 2>&1 || break
	sleep 0.5
done
xl list bad >/dev/null 2>&1 && echo "TIER2: bad is still there: $(xl list bad | tail -n 1)"
# of-controller.xen whose only vif has a malformed MAC in xenstore.
xl create -p /t/badc.cfg && echo "TIER2: badc created, paused"
bid=$(xl domid badc)
xenstore-write /local/domain/$bid/device/vif/0/mac "00:16:3e:00:00" &&
	xl unpause badc
for i in $(seq 120); do
	xl list badc >/dev/null 2>&1 || break
	sleep 0.5
done
xl list badc >/dev/null 2>&1 && echo "TIER2: badc is still there: $(xl list badc | tail -n 1)"
for g in ofs bad badc ofc; do
	echo "TIER2: --- guest-$g.log"
	sed 's/^/TIER2: | /' /var/log/xen/console/guest-$g.log
done
echo "TIER2: checks done"
# Runs until the test stops QEMU (the host's tools come now).
while xl list ofs >/dev/null 2>&1; do
	sleep 2
done
echo "TIER2: of-switch.xen is gone"
EOF
port=6634
start=$(date +%s)
setsid ip netns exec "$NS" env TIER2_TIMEOUT=1200 bash xen/tests/tier2.sh \
	"$work/t" -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-10.0.2.15:6634" \
	-device e1000,netdev=n0,romfile= >"$work/serial" 2>&1 &
qpid=$!
# Until dom0's checks end, QEMU ends, or the serial line has been silent
# for 5 minutes (a stalled emulation: the checks then fail at once).
size=0 still=0
for _ in $(seq 2400); do
	grep -q '^TIER2: checks done' "$work/serial" && break
	kill -0 "$qpid" 2>/dev/null || break
	now=$(stat -c %s "$work/serial")
	if [ "$now" = "$size" ]; then
		still=$((still + 1))
		if [ $still -ge 600 ]; then
			echo "# the serial line has been silent for 5 minutes: giving up"
			break
		fi
	else
		size=$now still=0
	fi
	sleep 0.5
done
echo "# $(($(date +%s) - start)) s from QEMU's start to the end of dom0's checks"
has() { grep -qE -- "$1" "$work/serial"; }
check() { # PATTERN DESCRIPTION
	if has "$1"; then ok "$2"; else nok "$2"; fi
}
check '^TIER2: dom0 ready' "Xen and the Debian dom0 boot under QEMU"
check '^\(d[0-9]+\) of-switch: datapath 000000000000005a; ports: vif1\(1\) vif2\(2\); control on vif 0 \(dhcp' \
	"of-switch.xen starts with data vifs 1 and 2 as ports 1 and 2, control on vif 0"
check '^\(d[0-9]+\) of-switch: data vif 3 left out: .*mac' \
	"a malformed MAC in xenstore (vif 3) is logged and the vif left out"
check '^\(d[0-9]+\) of-switch: DHCP gave vif 0 the address 10\.0\.2\.15' \
	"the control vif gets its address by DHCP (10.0.2.15 from QEMU)"
check '^\(d[0-9]+\) of-switch: first controller connection \(tcp:10\.0\.2\.20:6653\)' \
	"of-switch.xen connects to of-controller.xen (another unikernel)"
check '^\(d[0-9]+\) .*switch 000000000000005a up' \
	"of-controller.xen's log has switch 000000000000005a up"
check '^TIER2: ping before: .* 0% packet loss' \
	"two hosts on dom0 bridges ping each other through of-switch.xen, 0% loss"
sent=$(sed -nE 's/^frame_storm: sent ([0-9]+) frames.*/\1/p' "$work/serial" | paste -sd' ')
if [ "$(wc -w <<<"$sent")" = 3 ]; then
	ok "malformed frames thrown at every vif: both data vifs and the control vif ($sent)"
else
	nok "malformed frames thrown at every vif ($(grep '^frame_storm' "$work/serial"))"
fi
check '^TIER2: ping after: .* 0% packet loss' \
	"after the storm the hosts still ping each other, 0% loss"
check '^TIER2: ofs is still running' "of-switch.xen survives the storm"
check '^\(d[0-9]+\) of-switch: ctl=udp:10\.0\.2\.20: expected tcp:A\.B\.C\.D\[:PORT\]; powering off' \
	"a bad boot line is refused with a reason"
if has '^TIER2: bad created' && ! has '^TIER2: bad is still there'; then
	ok "the guest with the bad boot line powers off (it did not crash)"
else
	nok "the guest with the bad boot line powers off ($(grep '^TIER2: bad is' "$work/serial"))"
fi
check '^\(d[0-9]+\) of-controller: vif 0: device/vif/0/mac: .*; powering off' \
	"of-controller.xen refuses a malformed MAC in xenstore with a reason"
if has '^TIER2: badc created' && ! has '^TIER2: badc is still there'; then
	ok "of-controller.xen with a malformed MAC powers off (it did not crash)"
else
	nok "of-controller.xen with a malformed MAC powers off ($(grep '^TIER2: badc is' "$work/serial"))"
fi
# The host's ovs-ofctl against the switch's passive listener.
out=$(ip netns exec "$NS" timeout 120 ovs-ofctl -O OpenFlow10 show "tcp:127.0.0.1:$port" 2>&1)
if grep -q 'dpid:000000000000005a' <<<"$out" && grep -q '1(vif1)' <<<"$out" &&
	grep -q '2(vif2)' <<<"$out"; then
	ok "ovs-ofctl show through the passive listener: dpid 5a, ports vif1 and vif2"
else
	nok "ovs-ofctl show through the passive listener ($(head -c 300 <<<"$out"))"
fi
out=$(ip netns exec "$NS" timeout 120 ovs-ofctl -O OpenFlow10 dump-flows "tcp:127.0.0.1:$port" 2>&1)
if grep -q 'dl_dst=00:00:00:00:00:02' <<<"$out" && grep -q 'dl_dst=00:00:00:00:00:01' <<<"$out"; then
	ok "ovs-ofctl dump-flows shows the flows the controller installed"
else
	nok "ovs-ofctl dump-flows shows the learned flows ($(head -c 300 <<<"$out"))"
fi
if has '^\(d[0-9]+\) panic|^\(d[0-9]+\) .*exception'; then
	nok "no panic or exception in the guests"
else
	ok "no panic or exception in the guests"
fi
if [ "$fail" != 0 ]; then
	mkdir -p build && cp "$work/serial" build/xen-switch.serial
	echo "# whole serial output kept in build/xen-switch.serial"
	grep -v '^(XEN) HVM d[0-9]' "$work/serial" | grep -E '^TIER2|^\(d' | tail -n 60 | sed 's/^/#   /'
fi
summary
