# regions, as jq over raw trail files (bench query's baseline).
# Answers: how many events each region recorded on each day (UTC). Each file becomes one object of counts.
# Run: gzip -dc FILES | jq -c -f regions.jq; then regions-merge.jq over the output.
reduce .Records[] as $r ({}; .[($r.awsRegion // "") + " " + ($r.eventTime // "")[0:10]] += 1)
