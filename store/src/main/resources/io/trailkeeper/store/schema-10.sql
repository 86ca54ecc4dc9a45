-- TrailKeeper store, schema version 10: lake_exports.store_checksum, the checksum of the store's rows of the
-- partition when it was exported. After prune moved a day, a late event for it is exported with the rows the lake
-- already held, so the file's checksum (column checksum) is not the store's: comparing the store with the file's
-- checksum wrote that day again at every export until the next prune. An export compares the store with
-- store_checksum (the file's checksum for rows written before this version, when both were the same).
ALTER TABLE lake_exports ADD COLUMN IF NOT EXISTS store_checksum VARCHAR;
