#!/usr/bin/env bash
# Every C file is formatted as .clang-format says. Prints "N passed, N failed".
cd "$(dirname "$0")/.."
pass=0 fail=0
while IFS= read -r f; do
	if clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $f is not clang-formatted (run: clang-format -i $f)"
		fail=$((fail + 1))
	fi
done < <(git ls-files '*.c' '*.h' 2>/dev/null; git ls-files -o --exclude-standard '*.c' '*.h' 2>/dev/null)
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
