# regions: the counts of every file added up: all events, how many region-days had any, events per region, and
# the regions with under 1% of the events (the window holds all the generated events, so there are no 30 days
# before it to compare with).
(reduce (.[] | to_entries[]) as $e ({}; .[$e.key] += $e.value)) as $days
| ([$days[]] | add) as $events
| (reduce ($days | to_entries[]) as $e ({}; .[$e.key | split(" ")[0]] += $e.value)) as $regions
| {events: $events, regionDays: ($days | length), regions: $regions,
   unusual: ($regions | to_entries | map(select(100 * .value / $events < 1) | .key) | sort)}
