package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.SigmaRule;

/**
 * A rule, or one construct in it, that the SQL backend cannot compile: names the rule (its source and title)
 * and the construct. The rule is then run by the in-memory engine only, or reported; never silently dropped.
 */
public final class UnsupportedRuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient SigmaRule rule;
    private final String construct;

    public UnsupportedRuleException(SigmaRule rule, String construct, String reason) {
        super(rule.source() + " (" + rule.title() + "): the SQL backend cannot compile " + construct + ": " + reason);
        this.rule = rule;
        this.construct = construct;
    }

    public SigmaRule rule() {
        return rule;
    }

    /** The construct rejected, as the rule writes it (e.g. {@code sourceIPAddress|cidr}). */
    public String construct() {
        return construct;
    }
}
