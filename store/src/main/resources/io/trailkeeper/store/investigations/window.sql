-- Fragment: the time window [$since, $until] (either end may be open: then the earliest or latest time is bound).
-- When no window was asked for, window-all-time.sql takes its place, so that events without a readable time count.
event_time BETWEEN $since AND $until
