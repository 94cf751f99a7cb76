# shellcheck shell=bash
# The tutorial's exercises, by name and folder, for the scripts that take an
# exercise's name (check.sh, lab.sh, tests/test-tutorial.sh). Source it from
# bash. The list itself is tutorial.mk's TUT_EXERCISES (name:folder ...),
# read from there, so that it is written in one place only.
#
# Functions: tut_exercises, tut_names, tut_dir.

TUT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Prints one line "NAME FOLDER" per exercise, in tutorial.mk's order.
tut_exercises() {
	awk '/^TUT_EXERCISES[ \t]*:?=/ { on = 1; sub(/^[^=]*=/, "") }
		on { more = sub(/\\[ \t]*$/, ""); print; if (!more) exit }' \
		"$TUT_HERE/tutorial.mk" | tr -s ' \t' '\n' |
		awk -F: 'NF == 2 && $1 != "" && $2 != "" { print $1, $2 }'
}

# Prints the names joined by $1 (default "|"): "hub|learning|...".
tut_names() {
	tut_exercises | awk -v sep="${1:-|}" \
		'{ printf "%s%s", (NR > 1 ? sep : ""), $1 } END { print "" }'
}

# tut_dir NAME: prints the exercise's folder (1-hub, ...) under
# examples/tutorial/; returns 1 (printing nothing) for an unknown name.
tut_dir() {
	tut_exercises | awk -v n="$1" '$1 == n { print $2; found = 1 }
		END { exit !found }'
}
