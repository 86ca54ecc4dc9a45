# who-deleted: the calls found in every share, in order (jq -s over who-deleted.jq's output).
sort | {events: length, calls: .}
