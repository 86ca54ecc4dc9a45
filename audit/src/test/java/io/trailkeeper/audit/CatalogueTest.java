package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.CheckMetadata.Failure;
import io.trailkeeper.audit.CheckMetadata.Remediation;
import io.trailkeeper.audit.CheckMetadata.Severity;
import io.trailkeeper.audit.checks.TrailLoggingCheck;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.Finding;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The unit rule: each check is a class, a metadata file of the same id, and a test class of the same name;
 * a check, its metadata and its test that disagree fail here.
 */
class CatalogueTest {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");
    private static final Pattern CIS = Pattern.compile("\\d+(\\.\\d+){1,2}");
    private static final Pattern FSBP = Pattern.compile("[A-Z][A-Za-z0-9]*\\.\\d{1,3}");
    private static final Pattern PCI = Pattern.compile("\\d{1,2}(\\.\\d{1,2}){1,3}");
    private final Catalogue catalogue = Catalogue.standard();

    @Test
    void everyCheckClassIsInTheCatalogueAndHasATestClass() throws Exception {
        List<Class<?>> classes = checkClasses();
        assertEquals(21, classes.size(), classes::toString);
        assertEquals(classes.stream().map(Class::getName).sorted().toList(),
                catalogue.checks().stream().map(c -> c.getClass().getName()).sorted().toList());
        for (Class<?> type : classes) {
            assertTrue(type.getSimpleName().endsWith("Check"), type::getName);
            Class.forName(type.getName() + "Test");
            Check check = (Check) type.getConstructor().newInstance();
            assertEquals(check.id(), type.getField("ID").get(null), type::getName);
        }
    }

    @Test
    void everyMetadataFileHasACheckOfTheSameIdAndIdsAreUnique() {
        assertEquals(catalogue.ids().stream().sorted().toList(), Catalogue.metadataIds());
        assertEquals(catalogue.ids().size(), new HashSet<>(catalogue.ids()).size());
        for (Check check : catalogue.checks()) {
            assertEquals(check.id(), catalogue.metadata(check.id()).id());
            assertTrue(ID.matcher(check.id()).matches(), check.id());
        }
    }

    @Test
    void titlesStateTheGoodStateAndRemediationsAreComplete() {
        for (CheckMetadata m : catalogue.metadata()) {
            assertFalse(m.title().toLowerCase(Locale.ROOT).startsWith("ensure"), m.id() + ": " + m.title());
            assertFalse(m.title().isBlank() || m.title().endsWith("."), m.id() + ": " + m.title());
            assertTrue(m.rationale() != null && m.rationale().length() > 80, m.id() + " needs a rationale");
            Remediation r = m.remediation();
            for (String part : new String[] {r.summary(), r.cli(), r.cloudformation(), r.terraform()}) {
                assertTrue(part != null && !part.isBlank(), m.id() + " lacks part of its remediation");
            }
            assertTrue(r.cli().contains("aws "), m.id() + " cli: " + r.cli());
            assertTrue(r.cloudformation().contains("Type: AWS::"), m.id() + " cloudformation: " + r.cloudformation());
            assertTrue(r.terraform().startsWith("resource \"aws_") || r.terraform().startsWith("data \"aws_"), m.id());
            assertEquals(count(r.terraform(), '{'), count(r.terraform(), '}'), m.id() + " terraform braces");
        }
    }

    @Test
    void referencesAreWellFormed() {
        for (CheckMetadata m : catalogue.metadata()) {
            m.cis().forEach(c -> assertTrue(CIS.matcher(c).matches(), m.id() + " CIS " + c));
            m.fsbp().forEach(c -> assertTrue(FSBP.matcher(c).matches(), m.id() + " FSBP " + c));
            m.pci().forEach(c -> assertTrue(PCI.matcher(c).matches(), m.id() + " PCI " + c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "cloudtrail_trail_logging, CRITICAL, RETENTION",
        "cloudtrail_multi_region_enabled, HIGH, ALL_REGIONS",
        "cloudtrail_global_service_events_included, MEDIUM, ALL_REGIONS",
        "cloudtrail_log_file_validation_enabled, MEDIUM, RETENTION",
        "cloudtrail_kms_encryption_enabled, MEDIUM, RETENTION",
        "cloudtrail_delivery_healthy, HIGH, RETENTION",
        "cloudtrail_bucket_retention_365_days, HIGH, RETENTION",
        "cloudtrail_bucket_retention_protected, HIGH, RETENTION",
        "cloudtrail_logs_s3_bucket_is_not_publicly_accessible, CRITICAL, RETENTION",
        "cloudtrail_bucket_policy_protects_logs, MEDIUM, RETENTION",
        "iam_evidence_destroyers_few, MEDIUM, RETENTION",
        "cloudtrail_s3_dataevents_read_enabled, HIGH, DATA_EVENTS",
        "cloudtrail_s3_dataevents_write_enabled, HIGH, DATA_EVENTS",
        "cloudtrail_data_events_dynamodb_lambda, LOW, DATA_EVENTS",
        "cloudtrail_trail_bucket_excluded_from_data_events, MEDIUM, DATA_EVENTS",
        "cloudtrail_logs_s3_bucket_access_logging_enabled, LOW, RETENTION",
        "cloudwatch_alarm_trail_tampering, HIGH, MONITORING",
        "cloudwatch_alarm_console_login_without_mfa, MEDIUM, MONITORING",
        "cloudwatch_alarm_root_usage, MEDIUM, MONITORING",
        "cloudtrail_insights_exist, LOW, MONITORING",
        "cloudtrail_cloudwatch_logging_enabled, LOW, MONITORING"})
    void idsSeveritiesAndFailuresArePinned(String id, Severity severity, Failure prevents) {
        CheckMetadata m = catalogue.metadata(id);
        assertEquals(severity, m.severity());
        assertEquals(prevents, m.prevents());
    }

    @Test
    void theCatalogueKeepsTheOrderOfTheIssue() {
        assertEquals("cloudtrail_trail_logging", catalogue.ids().get(0));
        assertEquals("cloudtrail_cloudwatch_logging_enabled", catalogue.ids().get(20));
    }

    @Test
    void aCheckWithoutMetadataFailsLoudly() {
        Check stray = new Check() {
            @Override
            public String id() {
                return "cloudtrail_no_such_check";
            }

            @Override
            public List<Finding> evaluate(AccountSnapshot snapshot, AuditContext context) {
                return List.of();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Catalogue.of(List.of(stray), List.of()));
        assertTrue(e.getMessage().contains("io/trailkeeper/audit/checks/cloudtrail_no_such_check.json is missing"),
                e.getMessage());
    }

    @Test
    void metadataWithoutACheckFailsLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Catalogue.of(List.of(new TrailLoggingCheck()), Catalogue.metadataIds()));
        assertTrue(e.getMessage().startsWith("metadata without a check: ["), e.getMessage());
        assertTrue(e.getMessage().contains("cloudtrail_insights_exist.json"), e.getMessage());
    }

    @Test
    void twoChecksWithOneIdFailLoudly() {
        assertThrows(IllegalStateException.class, () -> Catalogue.of(List.of(new TrailLoggingCheck(),
                new TrailLoggingCheck()), List.of("cloudtrail_trail_logging")));
    }

    @Test
    void anUnknownIdIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalogue.metadata("nope"));
        assertTrue(e.getMessage().contains("no check has the id nope"), e.getMessage());
    }

    private static List<Class<?>> checkClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path folder = Path.of(Catalogue.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/trailkeeper/audit/checks");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName("io.trailkeeper.audit.checks." + name.replace(".class", ""));
                    if (Check.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())
                            && !type.isInterface()) {
                        out.add(type);
                    }
                }
            }
        }
        return out;
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }
}
