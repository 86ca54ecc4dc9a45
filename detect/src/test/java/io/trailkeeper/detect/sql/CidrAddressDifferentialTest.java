package io.trailkeeper.detect.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * |cidr takes a field's value as an IP address only when it is one as written (as Python's ipaddress, which
 * pySigma uses, reads it): not an octet with a leading zero (010 is octal to some readers, decimal to others),
 * not with spaces around it, not with digits of other scripts; an IPv4-mapped IPv6 address is not in an IPv4
 * network. The SQL backend agrees.
 */
class CidrAddressDifferentialTest {
    private static final String[] RECORDS = {
        record("e1", "10.0.0.1"), record("e2", "010.0.0.1"), record("e3", "10.0.0.1 "), record("e4", " 10.0.0.1"),
        record("e5", "\u0661\u0660.0.0.1"), record("e6", "::ffff:10.0.0.1"), record("e7", "10.0.0.01"),
        record("e8", "0.0.0.0"),
    };
    private static final String[][] CASES = {
        {"ten", "sourceIPAddress|cidr: 10.0.0.0/8", "e1"},
        {"everything", "sourceIPAddress|cidr: 0.0.0.0/0", "e1 e8"},
    };

    @TempDir
    Path dir;

    @Test
    void onlyAnAddressAsWrittenIsInANetwork() throws Exception {
        SpecCases.assertMatches(dir, RECORDS, CASES);
    }

    private static String record(String id, String ip) {
        return "{" + SpecCases.BASE + "\"eventTime\": \"2026-11-20T10:00:0" + id.substring(1)
                + "Z\", \"eventID\": \"" + id + "\", \"sourceIPAddress\": \"" + ip + "\"}";
    }
}
