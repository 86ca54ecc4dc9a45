# timeline: the events from every share, merged in time order.
sort | {events: length, first: .[0][0], last: .[-1][0]}
