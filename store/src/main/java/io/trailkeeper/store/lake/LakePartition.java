package io.trailkeeper.store.lake;

import java.time.LocalDate;

/**
 * One partition of the lake (account, region, UTC date, each {@link LakeLayout#NONE} when missing) with the store's
 * row count and {@link LakeLayout#CHECKSUM_SQL checksum} of its rows at the time it was looked at. The values are
 * as the records have them; only the path encodes them.
 */
public record LakePartition(String account, String region, String date, long rows, String checksum) {
    /** The partition's file, relative to the lake's root. */
    public String file() {
        return LakeLayout.partition(account, region, LakeLayout.NONE.equals(date) ? null : LocalDate.parse(date))
                + LakeLayout.FILE;
    }

    /** The events table's rows of this partition, as a SQL condition (values quoted, never spliced raw). */
    public String where() {
        return "coalesce(nullif(recipient_account_id, ''), '" + LakeLayout.NONE + "') = " + LakeSql.quote(account)
                + " AND coalesce(nullif(aws_region, ''), '" + LakeLayout.NONE + "') = " + LakeSql.quote(region)
                + " AND " + (LakeLayout.NONE.equals(date) ? "event_time IS NULL"
                        : "event_time >= TIMESTAMP " + LakeSql.quote(date + " 00:00:00") + " AND event_time < TIMESTAMP "
                                + LakeSql.quote(LocalDate.parse(date).plusDays(1) + " 00:00:00"));
    }
}
