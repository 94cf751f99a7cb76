#!/usr/bin/env bash
# Proves that openflow/, netstack/ and the switch and controller cores build for
# the Xen image: every source compiles with
# -ffreestanding (no hosted assumptions, no builtins), and the objects need
# nothing from outside but the C library subset that xen/ provides (string
# functions and a formatter). Prints "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
CC=${CC:-cc}
out=build/freestanding
mkdir -p "$out"
# What xen/ will provide: keep in step with docs/architecture.md.
allowed=" memcpy memmove memset memcmp memchr strlen strnlen strcmp strncmp
 strchr strrchr strspn strcspn strcasecmp strncasecmp snprintf vsnprintf "
# The cores (switch/) may also use the bounded heap of xen/ and the
# platform interface (plat_* in include/plat.h); their libopenflow calls
# are resolved by linking its objects in.
core_allowed=" malloc calloc realloc free "
pass=0 fail=0
# Checks one library: its sources ($2...) compile freestanding and, linked
# into one relocatable object, leave undefined only what xen/ provides.
# $EXTRA_ALLOWED adds names, $EXTRA_OBJS objects linked in, $EXTRA_INC
# include directories (for the cores).
check_lib() {
	local name=$1 inc=$2 src obj sym bad=""
	local objs=() incs=(-I"$inc")
	local ok_syms="$allowed${EXTRA_ALLOWED:-}"
	for d in ${EXTRA_INC:-}; do
		incs+=(-I"$d")
	done
	shift 2
	for src in "$@"; do
		obj=$out/$name-$(basename "${src%.c}").o
		if $CC -std=c11 -Wall -Wextra -Werror -Wshadow -Wvla \
			-Wpointer-arith -Wcast-qual -Wwrite-strings \
			-Wmissing-prototypes -D_DEFAULT_SOURCE "${incs[@]}" -O2 \
			-ffreestanding -fno-builtin -fno-stack-protector \
			-fno-pic -mno-red-zone -c "$src" -o "$obj"; then
			pass=$((pass + 1))
			objs+=("$obj")
		else
			echo "FAIL $src: does not compile freestanding"
			fail=$((fail + 1))
		fi
	done
	[ ${#objs[@]} -gt 0 ] || return
	# What stays undefined is what the platform must supply.
	ld -r -o "$out/$name.o" "${objs[@]}" ${EXTRA_OBJS:-}
	for sym in $(nm -u "$out/$name.o" | awk '{print $2}'); do
		case "$sym" in
		plat_*) [ -n "${EXTRA_ALLOWED:-}" ] && continue ;;
		esac
		case "$ok_syms" in
		*[[:space:]]"$sym"[[:space:]]*) ;;
		*) bad="$bad $sym" ;;
		esac
	done
	if [ -n "$bad" ]; then
		echo "FAIL $name: uses symbols xen/ does not provide:$bad"
		fail=$((fail + 1))
	else
		echo "ok: $name needs only:" $(nm -u "$out/$name.o" | awk '{print $2}')
		pass=$((pass + 1))
	fi
}
check_lib libopenflow openflow openflow/*.c
# netstack/: the TCP glue (ns_stack_tcp.c) only once TCP itself is there.
ns_srcs=()
for src in netstack/*.c; do
	if [ "$src" = netstack/ns_stack_tcp.c ] &&
		! ls netstack/ns_tcp*.c >/dev/null 2>&1; then
		continue
	fi
	ns_srcs+=("$src")
done
# ns_tcp_chan.c implements the channel contract of include/plat.h.
EXTRA_INC="include openflow" check_lib libnetstack netstack "${ns_srcs[@]}"
# The switch core, with libopenflow linked in (its own objects from above).
EXTRA_ALLOWED=$core_allowed EXTRA_INC="include openflow" \
	EXTRA_OBJS="$out/libopenflow.o" check_lib libsw switch switch/*.c
# The controller core too (of-controller.xen links it); xen/ provides
# strerror as well.
EXTRA_ALLOWED="$core_allowed strerror " EXTRA_INC="include openflow controller" \
	EXTRA_OBJS="$out/libopenflow.o" check_lib libctl controller controller/*.c
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
