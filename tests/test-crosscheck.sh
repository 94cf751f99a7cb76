#!/usr/bin/env bash
# Cross-checks our codec against independent ones: python3-openflow (pyof),
# tshark's OpenFlow dissector and scapy, in both directions (our encoder ->
# their decoders, their encoders -> our decoder). See tests/crosscheck.py.
# Last line: "N passed, N failed"; exit status non-zero on failure.
set -u
cd "$(dirname "$0")/.."

skip() {
	echo "SKIP: $*"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}

command -v tshark >/dev/null || skip "tshark not installed"
/usr/bin/python3 -c 'import pyof.v0x01' 2>/dev/null ||
	skip "python3-openflow (pyof) not installed"

if ! make -s build/tests/msg_corpus; then
	echo "build of build/tests/msg_corpus failed"
	echo "0 passed, 1 failed"
	exit 1
fi
work=build/crosscheck
rm -rf "$work"
mkdir -p "$work"
/usr/bin/python3 tests/crosscheck.py build/tests/msg_corpus "$work"
