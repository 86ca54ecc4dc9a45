# timeline --ip IP, as jq over raw trail files (bench query's baseline).
# Answers: every event from source IP $ip (exactly; the investigation also takes globs), in any region: its time.
# Run: gzip -dc FILES | jq -c --arg ip IP -f timeline.jq; then timeline-merge.jq over the output.
.Records[]
| select(.sourceIPAddress == $ip)
| .eventTime
