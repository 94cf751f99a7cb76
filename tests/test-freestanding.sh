#!/usr/bin/env bash
# The OpenFlow library and netstack build freestanding for the Xen image.
exec bash "$(dirname "$0")/../tools/check-freestanding.sh"
