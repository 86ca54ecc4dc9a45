package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.SigmaRule;

/**
 * |cidr for IPv4 by arithmetic on the dotted text: DuckDB's inet extension is not bundled and cannot be
 * installed offline. An IPv6 network is rejected (the rule then runs in the in-memory engine); an IPv6
 * address never falls in an IPv4 network.
 */
final class Cidr {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    private Cidr() {
    }

    static String predicate(SigmaRule rule, String field, String network, SqlDialect d) {
        String construct = field + "|cidr: " + network;
        if (network.contains(":")) {
            throw new UnsupportedRuleException(rule, construct, "IPv6 networks are not supported by the SQL backend "
                    + "(no inet extension offline); the in-memory engine runs this rule");
        }
        String[] parts = network.split("/", -1);
        if (parts.length > 2 || !parts[0].matches(OCTET + "(\\." + OCTET + "){3}")) {
            throw new UnsupportedRuleException(rule, construct, "not an IPv4 network a.b.c.d/n");
        }
        int bits;
        try {
            bits = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        } catch (NumberFormatException e) {
            throw new UnsupportedRuleException(rule, construct, "the prefix length is not a number");
        }
        if (bits < 0 || bits > 32) {
            throw new UnsupportedRuleException(rule, construct, "the prefix length is not within 0..32");
        }
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = address * 256 + Long.parseLong(octet);
        }
        long size = 1L << (32 - bits);
        long low = address & ~(size - 1) & 0xFFFFFFFFL;
        long high = low + size - 1;
        String number = "split_part(v, '.', 1)::BIGINT * 16777216 + split_part(v, '.', 2)::BIGINT * 65536"
                + " + split_part(v, '.', 3)::BIGINT * 256 + split_part(v, '.', 4)::BIGINT";
        return "(CASE WHEN " + d.regexFull("v", OCTET + "(\\." + OCTET + "){3}") + " THEN (" + number + ") BETWEEN "
                + low + " AND " + high + " ELSE false END)";
    }
}
