-- Fragment: from the first to the last row id of the rows a scope's first step found ($found_first, $found_last):
-- the part of the table to read again. DuckDB skips the row groups outside the range without reading them.
rowid BETWEEN $found_first AND $found_last
