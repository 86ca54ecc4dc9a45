# regions: the counts of every file added up: all events, how many region-days had any, and events per region.
(reduce (.[] | to_entries[]) as $e ({}; .[$e.key] += $e.value)) as $days
| {events: ([$days[]] | add), regionDays: ($days | length),
   regions: (reduce ($days | to_entries[]) as $e ({}; .[$e.key | split(" ")[0]] += $e.value))}
