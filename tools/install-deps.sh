#!/usr/bin/env bash
# Installs, from Debian 12 packages, everything the suite needs to build, run
# and test, then builds the Debian dom0 the tier-2 Xen tests boot
# (xen/tests/dom0.sh: debootstrap plus Xen 4.17 and Linux from Debian, cached
# in /var/cache/ofsuite-xen; a few minutes the first time). Idempotent: when
# everything is present it only checks (about a second) and touches nothing.
# Run as root.
set -eu
pkgs=(
	build-essential clang clang-format libclang-rt-14-dev llvm
	libpcap-dev libevent-dev libssl-dev
	tshark python3 python3-openflow python3-scapy
	openvswitch-switch openvswitch-common openvswitch-testcontroller
	openvswitch-pki mininet iperf ethtool tcpdump
	iproute2 iputils-ping iputils-arping procps util-linux dnsmasq-base
	qemu-system-x86 debootstrap cpio busybox-static
)
missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
# The tier-2 Xen dom0 (needs root and, the first time, a Debian mirror).
dom0() {
	if [ "$(id -u)" = 0 ]; then
		bash "$(dirname "$0")/../xen/tests/dom0.sh" >/dev/null
	fi
}
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#pkgs[@]} packages present"
	dom0
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages (${missing[*]}); run as root" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
# tshark asks whether non-root users may capture; answer no, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
dom0
echo "install-deps: done"
