#!/usr/bin/env bash
# Builds what the tier-2 Xen tests boot (../shared/XEN-TESTING.md): a
# Debian 12 root file system with Xen 4.17 and a Linux kernel
# (debootstrap, once per machine, cached), and from it a minimal dom0
# initramfs holding the Xen tools, busybox, the Xen and bridge modules and
# the hotplug scripts. The test's own /init and images go in a second cpio
# archive that the test appends (the kernel unpacks them in order).
#
#   bash xen/tests/dom0.sh [CACHE]     prints "XEN= KERNEL= BASE_CPIO=" lines
#
# CACHE defaults to $OFS_XEN_CACHE or /var/cache/ofsuite-xen. Needs root,
# debootstrap, cpio and network access to a Debian mirror the first time
# (tools/install-deps.sh runs it, so tests never download). Rebuilds the
# cpio only when this script's contents change.
set -eu
cache=${1:-${OFS_XEN_CACHE:-/var/cache/ofsuite-xen}}
R=$cache/rootfs
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [ ! -e "$R/.ofsuite-ready" ]; then
	rm -rf "$R"
	echo "dom0.sh: debootstrap bookworm into $R" >&2
	debootstrap --variant=minbase bookworm "$R" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
	echo "dom0.sh: Xen 4.17, Linux and tools into the root fs" >&2
	chroot "$R" /bin/sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends xen-utils-4.17 xen-hypervisor-4.17-amd64 \
		linux-image-amd64 busybox iproute2 kmod' >"$cache/apt.log" 2>&1 ||
		{ tail -n 20 "$cache/apt.log" >&2; exit 1; }
	chroot "$R" apt-get clean
	touch "$R/.ofsuite-ready"
fi

kver=$(ls "$R/lib/modules" | sort -V | tail -n 1)
xen_gz=$(ls "$R"/boot/xen-4.17-amd64.gz)
# QEMU's multiboot loader needs Xen uncompressed.
if [ ! -e "$cache/xen-4.17" ] || [ "$xen_gz" -nt "$cache/xen-4.17" ]; then
	gunzip -c "$xen_gz" >"$cache/xen-4.17"
fi
cp -u "$R/boot/vmlinuz-$kver" "$cache/vmlinuz"

cpio_out=$cache/dom0-base.cpio
# Rebuilt when this script's contents change (not its date: every clone
# has a new one) or the root fs was rebuilt.
sum=$(sha256sum "$0" | cut -d' ' -f1)
if [ ! -e "$cpio_out" ] || [ "$(cat "$cpio_out.sum" 2>/dev/null)" != "$sum" ] ||
	[ "$R/.ofsuite-ready" -nt "$cpio_out" ]; then
	echo "dom0.sh: assembling $cpio_out" >&2
	st=$(mktemp -d "${TMPDIR:-/tmp}/dom0.XXXXXX")
	trap 'rm -rf "$st"' EXIT
	mkdir -p "$st"/{bin,sbin,usr/bin,usr/sbin,lib64,lib/x86_64-linux-gnu,etc,proc,sys,dev,run,tmp,var/log/xen/console,var/lib/xen,var/lib/xenstored,root}
	ln -s ../run "$st/var/run"
	# Binaries (real files, not Debian's wrapper) and what they link.
	bins="/usr/lib/xen-4.17/bin/xl /usr/lib/xen-4.17/bin/xenstored
		/usr/lib/xen-4.17/bin/xenconsoled /usr/lib/xen-4.17/bin/xen-init-dom0
		/usr/lib/xen-4.17/bin/xenconsole /usr/lib/xen-4.17/bin/libxl-save-helper
		/usr/bin/xenstore /bin/bash /bin/ip /bin/kmod /usr/bin/flock
		/usr/bin/logger /usr/bin/stat /usr/bin/tail /bin/sed /bin/grep
		/bin/busybox"
	for b in $bins; do
		mkdir -p "$st$(dirname "$b")"
		cp -L "$R$b" "$st$b"
		chroot "$R" ldd "$b" 2>/dev/null | awk '/=>/ { print $3 } /^\t\/lib64/ { print $1 }' |
			while read -r lib; do
				[ -n "$lib" ] || continue
				mkdir -p "$st$(dirname "$lib")"
				cp -Lu "$R$lib" "$st$lib"
			done
	done
	cp -L "$R/lib/x86_64-linux-gnu/libgcc_s.so.1" "$st/lib/x86_64-linux-gnu/"
	# Debian's names for them.
	for n in xl xenstored xenconsoled xen-init-dom0 xenconsole; do
		ln -sf "/usr/lib/xen-4.17/bin/$n" "$st/usr/sbin/$n"
	done
	for n in read write ls list rm exists watch chmod; do
		ln -sf xenstore "$st/usr/bin/xenstore-$n"
	done
	for n in modprobe insmod lsmod depmod; do
		ln -sf /bin/kmod "$st/sbin/$n"
	done
	# busybox (copied above) for everything else; bash and GNU tail win.
	for a in $(chroot "$R" /bin/busybox --list); do
		for d in bin sbin usr/bin usr/sbin; do
			[ -e "$st/$d/$a" ] && continue 2
		done
		ln -s /bin/busybox "$st/bin/$a"
	done
	cp -a "$R/etc/xen" "$st/etc/"
	mkdir -p "$st/usr/lib/xen-4.17/boot" "$st/usr/lib/xen/boot"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$st/etc/passwd"
	printf 'root:x:0:\n' >"$st/etc/group"
	# Modules: Xen back ends, the emulated NIC, bridging, veth (hosts in
# network namespaces); then depmod.
	m=lib/modules/$kver
	mkdir -p "$st/$m"
	for d in kernel/drivers/xen kernel/drivers/net/xen-netback \
		kernel/drivers/net/ethernet/intel/e1000 kernel/net/bridge \
		kernel/net/802 kernel/net/llc kernel/drivers/net/veth.ko; do
		[ -e "$R/$m/$d" ] || continue
		mkdir -p "$st/$m/$(dirname "$d")"
		cp -a "$R/$m/$d" "$st/$m/$(dirname "$d")/"
	done
	cp "$R/$m"/modules.{order,builtin,builtin.modinfo} "$st/$m/" 2>/dev/null || true
	depmod -b "$st" "$kver"
	(cd "$st" && find . | cpio -o -H newc --quiet) >"$cpio_out.tmp"
	mv "$cpio_out.tmp" "$cpio_out"
	echo "$sum" >"$cpio_out.sum"
fi
echo "XEN=$cache/xen-4.17"
echo "KERNEL=$cache/vmlinuz"
echo "BASE_CPIO=$cpio_out"
