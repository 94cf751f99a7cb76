#!/usr/bin/env bash
# The OpenFlow library builds freestanding for the Xen image.
exec bash "$(dirname "$0")/../tools/check-freestanding.sh"
