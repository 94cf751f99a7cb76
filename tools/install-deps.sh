#!/usr/bin/env bash
# Installs, from Debian 12 packages, everything the suite needs to build, run
# and test. Idempotent: when everything is present it only checks (about a
# second) and touches nothing. Run as root.
set -eu
pkgs=(
	build-essential clang clang-format libclang-rt-14-dev llvm
	libpcap-dev libevent-dev libssl-dev
	tshark python3 python3-openflow python3-scapy
	openvswitch-switch openvswitch-common openvswitch-testcontroller
	openvswitch-pki mininet iperf ethtool tcpdump
	iproute2 iputils-ping iputils-arping procps util-linux dnsmasq-base
	qemu-system-x86
)
missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#pkgs[@]} packages present"
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
echo "install-deps: done"
