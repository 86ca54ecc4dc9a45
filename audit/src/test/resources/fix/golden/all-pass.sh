#!/usr/bin/env bash
# TrailKeeper fix plan for account 777788889999: nothing to fix.
# No failed check is one this plan can close.
set -euo pipefail

echo 'TrailKeeper: nothing to fix in account 777788889999.'
