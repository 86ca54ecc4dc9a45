package io.trailkeeper.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source IP filter as a user types it: an address or a glob ({@code 203.0.113.*}), matched as text, or an IPv4
 * CIDR block ({@code 198.51.100.0/24}), matched as the range of addresses it holds. DuckDB's inet extension would
 * compare blocks, but it is downloaded on first use, which an offline responder's machine cannot; so the source
 * IP's four numbers are compared with the block's first and last address ({@link #IN_RANGE}). Anything else with a
 * '/' is refused: as text it would match nothing, and an empty answer would read as "no call from there".
 *
 * @param like the glob as a LIKE pattern (ESCAPE '\'), or '' for a block
 * @param first the block's first address as a number, or -1 for a glob
 * @param last the block's last address as a number, or -1 for a glob
 */
public record IpFilter(String like, long first, long last) {
    /** No filter: every source IP. */
    public static final IpFilter NONE = new IpFilter("", -1, -1);

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /**
     * The source IP (an IPv4 address in dotted form; host names such as AWS Internal and IPv6 never) is within
     * [?, ?]. Two parameters: the first and the last address. investigations/filters.sql holds the same test.
     */
    public static final String IN_RANGE = "(regexp_full_match(source_ip, '[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}')"
            + " AND TRY_CAST(split_part(source_ip, '.', 1) AS BIGINT) * 16777216"
            + " + TRY_CAST(split_part(source_ip, '.', 2) AS BIGINT) * 65536"
            + " + TRY_CAST(split_part(source_ip, '.', 3) AS BIGINT) * 256"
            + " + TRY_CAST(split_part(source_ip, '.', 4) AS BIGINT) BETWEEN ? AND ?)";

    /**
     * @param option the option's name, for the message ({@code --ip})
     * @throws IllegalArgumentException for a '/' that is no IPv4 block, saying what is taken
     */
    public static IpFilter parse(String text, String option) {
        String s = text.trim();
        if (!s.contains("/")) {
            return new IpFilter(QuerySql.globToLike(s), -1, -1);
        }
        Matcher m = CIDR.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not an IPv4 CIDR block such as"
                    + " 198.51.100.0/24; an IPv6 range is not taken as a block, give it as a glob: '2001:db8:*'");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int n = Integer.parseInt(m.group(i));
            if (n > 255) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not an IPv4 CIDR block: " + n
                        + " is over 255");
            }
            address = address * 256 + n;
        }
        int bits = Integer.parseInt(m.group(5));
        if (bits > 32) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not an IPv4 CIDR block: /" + bits
                    + " is over /32");
        }
        long size = 1L << (32 - bits);
        long first = address & ~(size - 1); // 198.51.100.7/24 means its block, as most tools take it
        return new IpFilter("", first, first + size - 1);
    }

    public boolean block() {
        return first >= 0;
    }
}
