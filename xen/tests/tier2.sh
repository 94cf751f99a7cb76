#!/usr/bin/env bash
# Boots real Xen 4.17 under QEMU (TCG) with the Debian dom0 of
# xen/tests/dom0.sh, runs a test inside dom0, and prints dom0's and Xen's
# output (the serial line) on stdout; exits with QEMU's status.
#
#   bash xen/tests/tier2.sh DIR [QEMU_ARGS...]
#
# DIR holds `run.sh` (run by dom0's /init as /t/run.sh with bash, after
# xenstored, xen-init-dom0 and xenconsoled are up) and whatever it needs
# (images, xl configs); it is packed into an extra cpio archive at /t.
# run.sh's output goes to the serial line; guests' consoles are in
# /var/log/xen/console/guest-NAME.log in dom0 (run.sh should print them).
# Writes by a guest to I/O port 0xe9 show up on the serial line as
# "(dN) ...". dom0 powers off after run.sh; a dom0 panic reboots it
# (panic=1) and Xen then reboots, which ends QEMU (-no-reboot);
# TIER2_TIMEOUT [600] bounds the whole boot anyway (QEMU is killed by
# PID, as it is when this script exits or gets TERM/INT).
set -u
dir=${1:?usage: tier2.sh DIR [QEMU_ARGS...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$here/dom0.sh")" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/tier2.XXXXXX")

mkdir -p "$work/root/t"
cp -a "$dir"/. "$work/root/t/"
cat >"$work/root/init" <<'EOF'
#!/bin/bash
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/xen /run/xenstored /var/log/xen/console /var/lib/xen
for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-netback \
	bridge e1000; do
	modprobe "$m" || echo "TIER2: modprobe $m failed"
done
mount -t xenfs xenfs /proc/xen
xenstored --pid-file=/run/xenstored.pid
for i in $(seq 100); do
	xenstore-read -s / >/dev/null 2>&1 && break
	sleep 0.1
done
xen-init-dom0 >/dev/null 2>&1
xenconsoled --log=guest --log-dir=/var/log/xen/console
echo "TIER2: dom0 ready"
cd /t && bash /t/run.sh
echo "TIER2: run.sh exited $?"
sync
echo o >/proc/sysrq-trigger
while :; do read -r -t 60 _ </dev/zero; done
EOF
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) >"$work/test.cpio"
cat "$BASE_CPIO" "$work/test.cpio" >"$work/dom0.cpio"

[ $# -gt 0 ] || set -- -net none
# QEMU is our child, tracked by PID: killed on exit and on TERM/INT, and
# by a watchdog after TIER2_TIMEOUT seconds; it stays in our process
# group, so that whoever kills the group kills it too.
qemu='' dog=''
cleanup() {
	[ -n "$dog" ] && kill "$dog" 2>/dev/null
	[ -n "$qemu" ] && kill -KILL "$qemu" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
qemu-system-x86_64 -accel tcg \
	-cpu max,-smap,-smep -m 1024 -smp 2 -nographic -no-reboot \
	-kernel "$XEN" \
	-append "console=com1 com1=115200,8n1 dom0_mem=384M,max:384M dom0_max_vcpus=2 loglvl=all guest_loglvl=all" \
	-initrd "$KERNEL console=hvc0 earlyprintk=xen quiet panic=1,$work/dom0.cpio" \
	"$@" </dev/null &
qemu=$!
(
	sleep "${TIER2_TIMEOUT:-600}"
	echo "tier2.sh: QEMU killed after ${TIER2_TIMEOUT:-600} s"
	kill -KILL "$qemu"
) &
dog=$!
wait "$qemu"
rc=$?
qemu=
exit "$rc"
