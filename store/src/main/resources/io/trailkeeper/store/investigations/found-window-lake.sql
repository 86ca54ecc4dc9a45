-- Fragment (stands in for found-window.sql when the first step found rows of the lake): the store's range of row
-- ids as there, or the lake's ($lake_first, $lake_last; a lake row's id says its file and row).
(rowid BETWEEN $found_first AND $found_last OR rowid BETWEEN $lake_first AND $lake_last)
