# TrailKeeper fix plan for account 777788889999: nothing to fix.
# No failed check is one this plan can close.
