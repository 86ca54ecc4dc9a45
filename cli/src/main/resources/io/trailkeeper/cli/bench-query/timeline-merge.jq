# timeline: the events from every share in time order: how many, the first and the last.
sort | {events: length, first: .[0], last: .[-1]}
