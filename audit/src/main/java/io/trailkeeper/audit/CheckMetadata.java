package io.trailkeeper.audit;

import java.util.List;

/**
 * What a user reads about a check, kept as data beside it ({@code checks/<id>.json}).
 *
 * @param title       the good state, stated ("CloudTrail records every region"), not "Ensure ..."
 * @param prevents    which of the three failures (or monitoring) the check guards against
 * @param cis         CIS AWS Foundations Benchmark v3.0.0 recommendation numbers, e.g. "3.1"
 * @param fsbp        AWS Foundational Security Best Practices control ids, e.g. "CloudTrail.1"
 * @param pci         PCI DSS v4.0 requirements, e.g. "10.5.1"
 * @param rationale   why it matters in an investigation, in a few sentences
 */
public record CheckMetadata(String id, String title, Severity severity, Failure prevents, List<String> cis,
                            List<String> fsbp, List<String> pci, String rationale, Remediation remediation) {
    public CheckMetadata {
        cis = cis == null ? List.of() : List.copyOf(cis);
        fsbp = fsbp == null ? List.of() : List.copyOf(fsbp);
        pci = pci == null ? List.of() : List.copyOf(pci);
    }

    /** How to fix a FAIL: a one-line summary, and the same fix as AWS CLI commands, CloudFormation and Terraform. */
    public record Remediation(String summary, String cli, String cloudformation, String terraform) {
    }

    public enum Severity {
        CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL;

        /** The severity named in lower case (as --fail-on takes it). */
        public static Severity of(String name) {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        }

        public boolean atLeast(Severity other) {
            return ordinal() <= other.ordinal();
        }
    }

    /** The failures from real investigations that TrailKeeper exists to prevent (DESIGN.md), and monitoring. */
    public enum Failure {
        RETENTION("retention: logs gone after 90 days"),
        DATA_EVENTS("data events: object reads never logged"),
        ALL_REGIONS("all regions: events in a region nobody collected"),
        MONITORING("monitoring: tampering noticed");

        private final String label;

        Failure(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
