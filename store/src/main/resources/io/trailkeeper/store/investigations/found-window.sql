-- Fragment: from the first to the last row id of the store's rows a scope's first step found ($found_first,
-- $found_last): the part of the table to read again. DuckDB skips the row groups outside the range without reading
-- them; no lake row was found, and raw_chunk, which a lake row does not have, leaves the lake's files unread.
rowid BETWEEN $found_first AND $found_last AND raw_chunk IS NOT NULL
