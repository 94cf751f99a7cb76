#!/usr/bin/env bash
# Figures of the Xen images (make bench runs this last; needs root and what
# tools/install-deps.sh installs): image sizes (stripped), and in one
# tier-2 boot (real Xen 4.17 under QEMU TCG, xen/tests/tier2.sh) the
# smallest `memory=` of BENCH_XEN_MEMS [4 6 8 12 16 20 24 32] (MB) with which
# of-controller.xen comes up and listens, its time from entry to
# listening on the Xen clock (guest time), the time from `xl create` to
# that line as dom0 sees it (and how much of the guest time went on the
# vif handshake, waiting for dom0's netback); with the largest memory,
# the time until of-switch.xen, booted next to it, sends its first HELLO
# to it, and the time until a switch on the host (tests/xen_ctl_peer.py
# through QEMU's user networking) gets the controller's HELLO; then
# of-bench against of-controller.xen beside the Unix of-controller (B
# [build]: where bin/of-bench and bin/of-controller are). TCG emulates
# every guest instruction, so dom0-side times and of-bench figures are far
# below real hardware's; the guest-side times count Xen time, which runs
# at wall-clock speed.
# A benchmark: it prints figures and never fails on one.
set -u
cd "$(dirname "$0")/.." || exit 1
MEMS=${BENCH_XEN_MEMS:-4 6 8 12 16 20 24 32}

echo "== Xen images: sizes, smallest memory, boot time (tier 2 under QEMU TCG)"
if [ "$(id -u)" != 0 ] || ! command -v qemu-system-x86_64 >/dev/null; then
	echo "   not run: needs root and qemu-system-x86_64"
	exit 0
fi
if ! make -s xen >/dev/null 2>&1; then
	echo "   not run: make xen failed"
	exit 0
fi
for f in build/xen/*.xen; do
	printf '   %-22s %7d bytes stripped\n' "$(basename "$f")" "$(wc -c <"$f")"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-xen.XXXXXX")
NS=benchxen$$
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
[ -n "${BENCH_XEN_KEEP:-}" ] && trap 'cp "$work/serial" "$BENCH_XEN_KEEP"; cleanup' EXIT
trap 'echo interrupted; exit 130' INT TERM
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up || exit 0
mkdir -p "$work/t"
cp build/xen/of-controller.xen build/xen/of-switch.xen "$work/t/"
last=${MEMS##* }
cat >"$work/t/run.sh" <<EOF
ip link add xenbr0 type bridge && ip link set xenbr0 up
for i in \$(seq 50); do [ -e /sys/class/net/eth0 ] && break; sleep 0.2; done
ip link set eth0 master xenbr0 && ip link set eth0 up
for m in $MEMS; do
	cat >/t/ofc-\$m.cfg <<CFG
name = "ofc-\$m"
type = "pvh"
kernel = "/t/of-controller.xen"
memory = \$m
tsc_mode = "native"
on_poweroff = "destroy"
on_crash = "preserve"
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:30' ]
extra = "net=ip=10.0.2.15/24,gw=10.0.2.2 log=warn"
CFG
	log=/var/log/xen/console/guest-ofc-\$m.log
	t0=\$(cut -d' ' -f1 /proc/uptime) # busybox date has no %N
	if ! xl create /t/ofc-\$m.cfg >/tmp/xl.err 2>&1; then
		echo "BENCH: memory \$m: xl create refused: \$(grep -m 1 -iE 'fail|error' /tmp/xl.err)"
		continue
	fi
	res=timeout
	for i in \$(seq 1200); do
		if grep -q "of-controller: listening" \$log 2>/dev/null; then
			res=ok; break
		fi
		st=\$(xl list ofc-\$m 2>/dev/null | awk 'NR == 2 { print \$5 }')
		case \$st in ""|*c*) res=failed; break ;; esac
		sleep 0.1
	done
	t1=\$(cut -d' ' -f1 /proc/uptime)
	echo "BENCH: memory \$m: \$res, xl create to listening \$(awk -v a=\$t0 -v b=\$t1 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms (dom0)"
	grep -E "of-controller: listening|panic" \$log | head -n 2 | sed "s/^/BENCH:   /"
	[ \$m = $last ] && [ \$res = ok ] && break
	xl destroy ofc-\$m 2>/dev/null
done
# of-switch.xen (a control vif only) connects to the last controller.
cat >/t/ofs.cfg <<CFG
name = "ofs"
type = "pvh"
kernel = "/t/of-switch.xen"
memory = $last
tsc_mode = "native"
on_poweroff = "destroy"
on_crash = "preserve"
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:40' ]
extra = "net=ip=10.0.2.16/24 ctl=tcp:10.0.2.15:6653 log=warn"
CFG
t0=\$(cut -d' ' -f1 /proc/uptime)
if xl create /t/ofs.cfg >/tmp/xl.err 2>&1; then
	res=timeout
	for i in \$(seq 1200); do
		if grep -q "of-switch: first controller connection" /var/log/xen/console/guest-ofs.log 2>/dev/null; then
			res=ok; break
		fi
		sleep 0.1
	done
	t1=\$(cut -d' ' -f1 /proc/uptime)
	echo "BENCH: of-switch.xen memory $last: \$res, xl create to its first HELLO \$(awk -v a=\$t0 -v b=\$t1 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms (dom0)"
else
	echo "BENCH: of-switch.xen: xl create refused: \$(grep -m 1 -iE 'fail|error' /tmp/xl.err)"
fi
echo "BENCH: sweep done"
while xl list ofc-$last >/dev/null 2>&1; do sleep 2; done
EOF
setsid ip netns exec "$NS" env TIER2_TIMEOUT=1200 bash xen/tests/tier2.sh \
	"$work/t" -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:6653-10.0.2.15:6653" \
	-device e1000,netdev=n0,romfile= >"$work/serial" 2>&1 &
qpid=$!
for _ in $(seq 2400); do
	grep -q 'BENCH: sweep done' "$work/serial" && break
	kill -0 "$qpid" 2>/dev/null || break
	sleep 0.5
done
peer=$(ip netns exec "$NS" timeout -s KILL 200 /usr/bin/python3 \
	tests/xen_ctl_peer.py 6653 120 2>&1 | head -n 1)
sleep 1
# (dom0's lines may share a serial line with Xen's or the guest's output.)
sed -n 's/.*BENCH: /   /p' "$work/serial"
smallest=$(sed -nE 's/.*BENCH: memory ([0-9]+): ok.*/\1/p' "$work/serial" |
	head -n 1)
echo "   smallest memory= that comes up and listens: ${smallest:-none} MB"
# Guest times, and how much of them the vif handshake took (waiting for
# dom0's netback and its hotplug script, slow under TCG).
hs() { # WHO: the last handshake time that image logged
	sed -nE "s/^\\(d[0-9]+\\) $1: vif [0-9]+ connected \\(([0-9]+) ms in its handshake\\)/\\1/p" \
		"$work/serial" | tr -d '\r' | tail -n 1
}
ctl_ms=$(sed -nE 's/^\(d[0-9]+\) of-controller: listening.*\(([0-9]+) ms after boot.*/\1/p' \
	"$work/serial" | tr -d '\r' | tail -n 1)
ctl_hs=$(hs of-controller)
if [ -n "$ctl_ms" ]; then
	echo "   of-controller.xen: guest time from entry to listening: $ctl_ms ms (${ctl_hs:-?} ms of it in the vif handshake; without it $((ctl_ms - ${ctl_hs:-0})) ms)"
fi
sw_ms=$(sed -nE 's/^\(d[0-9]+\) of-switch: first controller connection .* ([0-9]+) ms after boot.*/\1/p' \
	"$work/serial" | tr -d '\r' | tail -n 1)
sw_hs=$(hs of-switch)
if [ -n "$sw_ms" ]; then
	echo "   of-switch.xen: guest time from entry to its first HELLO sent: $sw_ms ms (${sw_hs:-?} ms of it in the vif handshake; without it $((sw_ms - ${sw_hs:-0})) ms)"
fi
sed -nE 's/^\(d[0-9]+\) of-controller: first switch connection .* ([0-9]+) ms after boot/   guest time from entry to the first HELLO sent: \1 ms (includes the host switch'"'"'s retry interval, 1 s)/p' \
	"$work/serial" | tail -n 1
echo "   host switch: ${peer:-no result}"

# of-bench against of-controller.xen (through QEMU's forwarded port)
# beside the Unix of-controller (--threads 1) on the host, one after the
# other in this run. Everything the guest does is emulated by TCG, so the
# ratio says how far emulation puts it behind, not how it would do on
# real hardware.
B=${B:-build}
if [ -x "$B/bin/of-bench" ] && [ -x "$B/bin/of-controller" ]; then
	ip netns exec "$NS" "$B/bin/of-controller" --listen ptcp:6654:127.0.0.1 \
		--threads 1 --app learning --log-level warn >"$work/ctl-unix.log" 2>&1 &
	upid=$!
	sleep 0.5
	declare -A fig
	for mode in throughput latency; do
		for target in xen:6653 unix:6654; do
			name=${target%%:*}
			log=$work/bench-$name-$mode.log
			ip netns exec "$NS" timeout -s KILL 60 "$B/bin/of-bench" \
				-c 127.0.0.1 -p "${target#*:}" -s 4 -M 1000 -l 6 -w 1 \
				-m 1000 "--$mode" >"$log" 2>&1
			line=$(grep '^RESULT mode=' "$log" | tail -n 1)
			fig[$name.$mode]=$(sed -n 's/.* avg=\([^ ]*\).*/\1/p' <<<"$line")
		done
	done
	kill "$upid" 2>/dev/null
	wait "$upid" 2>/dev/null
	echo "   of-bench, 4 switches, 1000 MACs, 5 loops of 1 s (learning app):"
	printf '   %-10s %16s %16s %10s\n' mode "xen resp/s" "unix resp/s" "xen/unix"
	for mode in throughput latency; do
		x=${fig[xen.$mode]:-}
		u=${fig[unix.$mode]:-}
		ratio=$(awk -v a="${x:-0}" -v r="${u:-0}" 'BEGIN { if (r > 0 && a > 0) printf "%.3fx", a / r; else print "n/a" }')
		printf '   %-10s %16s %16s %10s\n' "$mode" "${x:-n/a}" "${u:-n/a}" "$ratio"
	done
fi
