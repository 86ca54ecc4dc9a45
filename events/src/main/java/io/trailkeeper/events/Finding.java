package io.trailkeeper.events;

import java.util.Objects;

/**
 * The outcome of one audit check for one resource (a trail, a bucket, a region, the account).
 *
 * @param checkId  the check's id (its metadata says title, severity, failure prevented, remediation)
 * @param resource what was checked: an ARN, a bucket name, a region, or the account id
 * @param region   the resource's region, or null for global resources
 * @param detail   what was found, in one line (for UNKNOWN: why it could not be told)
 */
public record Finding(String checkId, Outcome outcome, String resource, String region, String detail) {
    public Finding {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(resource, "resource");
        detail = detail == null ? "" : detail;
    }

    /** PASS: the good state holds; FAIL: it does not; UNKNOWN: the snapshot lacks what is needed to tell. */
    public enum Outcome { PASS, FAIL, UNKNOWN }

    public static Finding pass(String checkId, String resource, String region, String detail) {
        return new Finding(checkId, Outcome.PASS, resource, region, detail);
    }

    public static Finding fail(String checkId, String resource, String region, String detail) {
        return new Finding(checkId, Outcome.FAIL, resource, region, detail);
    }

    public static Finding unknown(String checkId, String resource, String region, String reason) {
        return new Finding(checkId, Outcome.UNKNOWN, resource, region, reason);
    }
}
