#!/usr/bin/env bash
# Proves that openflow/ builds for the Xen image: every source compiles with
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
pass=0 fail=0
objs=()
for src in openflow/*.c; do
	obj=$out/$(basename "${src%.c}").o
	if $CC -std=c11 -Wall -Wextra -Werror -Wshadow -Wvla \
		-Wpointer-arith -Wcast-qual -Wwrite-strings \
		-Wmissing-prototypes -D_DEFAULT_SOURCE -Iopenflow -O2 \
		-ffreestanding -fno-builtin -fno-stack-protector -fno-pic \
		-mno-red-zone -c "$src" -o "$obj"; then
		pass=$((pass + 1))
		objs+=("$obj")
	else
		echo "FAIL $src: does not compile freestanding"
		fail=$((fail + 1))
	fi
done
# Link the library into one relocatable object: what stays undefined is what
# the platform must supply.
ld -r -o "$out/libopenflow.o" "${objs[@]}"
bad=""
for sym in $(nm -u "$out/libopenflow.o" | awk '{print $2}'); do
	case "$allowed" in
	*[[:space:]]"$sym"[[:space:]]*) ;;
	*) bad="$bad $sym" ;;
	esac
done
if [ -n "$bad" ]; then
	echo "FAIL libopenflow: uses symbols xen/ does not provide:$bad"
	fail=$((fail + 1))
else
	echo "ok: libopenflow needs only:" $(nm -u "$out/libopenflow.o" | awk '{print $2}')
	pass=$((pass + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
