package io.trailkeeper.store.investigate;

import io.trailkeeper.store.EventQuery;
import java.time.Instant;

/**
 * What an investigation is asked about. Every part may be null.
 *
 * @param subject   the investigation's argument: a RESOURCE (who-deleted), an ACCESS_KEY_ID (key), an ARN or user
 *                  (actor), a BUCKET (s3); null for regions, logins and timeline
 * @param since     events at or after this time; null for the store's beginning
 * @param until     events at or before this time; null for its end
 * @param actor     a principal as {@link io.trailkeeper.store.PersonMatch} matches it: part of its ARN, user name,
 *                  session issuer or source identity, any case, or a whole ARN (timeline, logins, s3)
 * @param accessKey an access key id (timeline), kept as {@link EventQuery#accessKeyId} gives it
 * @param ip        a source IP address, or a glob such as {@code 203.0.113.*} (timeline, logins, s3)
 * @param limit     at most this many rows in each list section; null for the investigation's default
 */
public record InvestigationArgs(String subject, Instant since, Instant until, String actor, String accessKey,
                                String ip, Integer limit) {

    public InvestigationArgs {
        accessKey = EventQuery.accessKeyId(accessKey);
    }

    /** No subject, no window, no filter. */
    public static InvestigationArgs none() {
        return new InvestigationArgs(null, null, null, null, null, null, null);
    }

    /** About a subject, over all time. */
    public static InvestigationArgs of(String subject) {
        return new InvestigationArgs(subject, null, null, null, null, null, null);
    }

    public InvestigationArgs withWindow(Instant newSince, Instant newUntil) {
        return new InvestigationArgs(subject, newSince, newUntil, actor, accessKey, ip, limit);
    }

    public InvestigationArgs withSubject(String newSubject) {
        return new InvestigationArgs(newSubject, since, until, actor, accessKey, ip, limit);
    }

    public InvestigationArgs withActor(String newActor) {
        return new InvestigationArgs(subject, since, until, newActor, accessKey, ip, limit);
    }

    public InvestigationArgs withLimit(Integer newLimit) {
        return new InvestigationArgs(subject, since, until, actor, accessKey, ip, newLimit);
    }
}
