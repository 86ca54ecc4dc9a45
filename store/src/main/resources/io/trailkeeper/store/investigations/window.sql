-- Fragment: the time window. $since and $until are bound (the earliest and latest times when not given);
-- $all_time also keeps the events without a readable time when no window was asked for.
(event_time BETWEEN $since AND $until OR ($all_time AND event_time IS NULL))
