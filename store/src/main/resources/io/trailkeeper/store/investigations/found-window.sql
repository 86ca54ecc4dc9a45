-- Fragment: from the first to the last time of the rows a scope's first step found ($found_from, $found_to): the
-- part of the table to read again. (When some of them have no time, window-all-time.sql stands in.)
event_time BETWEEN $found_from AND $found_to
