-- Fragment: no window; every event, those without a readable time too (stands in for window.sql).
TRUE
