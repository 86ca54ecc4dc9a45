package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule naming a field no CloudTrail record has loads and runs, with a warning naming file, line, rule, field. */
class UnknownFieldWarningTest {
    private static final Path SIGMA = Events.shared().resolve("sigma");

    private static RuleSet parse(String detection) {
        return new RuleLoader().parse("""
                title: Some rule
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                """ + detection, "my.yml");
    }

    private static List<String> warnings(RuleSet set) {
        return set.warnings().stream().map(RuleProblem::describe).toList();
    }

    @Test
    void aFieldInTheWrongCaseIsWarnedAboutWithTheRightName() {
        RuleSet set = parse("""
                    selection:
                        eventName: ConsoleLogin
                        sourceIpAddress|cidr: 10.0.0.0/8
                    condition: selection
                """);
        assertEquals(1, set.rules().size(), "the rule still loads and runs");
        assertEquals(List.of(), set.problems());
        assertEquals(List.of("my.yml:8: rule 'Some rule' names field 'sourceIpAddress' (search 'selection'), which"
                + " CloudTrail records do not have: did you mean sourceIPAddress? The rule runs, but sees the field"
                + " missing in every record: a selection on it never matches, a filter on it excludes nothing"),
                warnings(set));
    }

    @Test
    void anotherLogSourcesFieldInAFilterIsWarnedAbout() {
        RuleSet set = parse("""
                    selection:
                        eventName: ConsoleLogin
                    filter:
                        - src_country: DE
                        - userIdentity.sessionContext.sessionIssuer.Type: Role
                    condition: selection and not filter
                """);
        assertEquals(1, set.rules().size());
        List<String> w = warnings(set);
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("my.yml:9: rule 'Some rule' names field 'src_country' (search 'filter'),"
                + " which CloudTrail records do not have. The rule runs"), w.get(0));
        assertTrue(w.get(1).contains("did you mean userIdentity.sessionContext.sessionIssuer.type?"), w.get(1));
    }

    @Test
    void documentedAndFreeFormFieldsAreNot() {
        RuleSet set = parse("""
                    selection:
                        requestParameters.anything.at.all: x
                        userIdentity.sessionContext.sessionIssuer.type: Role
                        userIdentity.sessionContext.attributes.mfaAuthenticated: 'false'
                        userIdentity.onBehalfOf.userId: u
                        resources.ARN|startswith: 'arn:aws:s3:::'
                        additionalEventData.MFAUsed: 'No'
                        responseElements.ConsoleLogin: Success
                        eventContext.tagContext: x
                        tlsDetails.tlsVersion: TLSv1.2
                    keywords:
                        - evil
                    condition: selection or keywords
                """);
        assertEquals(1, set.rules().size());
        assertEquals(List.of(), warnings(set));
    }

    @Test
    void aMisspeltUserIdentitySubFieldAndACorrelationGroupByAreChecked() {
        RuleSet set = new RuleLoader().parse("""
                title: Base
                name: base
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    selection:
                        userIdentity.userNmae: bob
                    condition: selection
                ---
                title: Many
                correlation:
                    type: event_count
                    rules: base
                    group-by:
                        - sourceIPaddress
                    timespan: 5m
                    condition:
                        gte: 3
                """, "c.yml");
        assertEquals(2, set.rules().size());
        List<String> w = warnings(set);
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("c.yml:8: rule 'Base' names field 'userIdentity.userNmae'"), w.get(0));
        assertTrue(w.get(1).startsWith("c.yml:15: rule 'Many' names field 'sourceIPaddress' (group-by)"), w.get(1));
        assertTrue(w.get(1).contains("did you mean sourceIPAddress?"), w.get(1));
    }

    @Test
    void theBundledPackNamesOnlyCloudTrailFields() {
        RuleSet set = new RuleLoader().bundled();
        assertTrue(set.rules().size() > 20);
        assertEquals(List.of(), warnings(set));
    }

    /**
     * Every SigmaHQ CloudTrail rule outside rules-placeholder names only CloudTrail fields but one: the SAML
     * provider deletion rule's {@code status: 'success'} is no CloudTrail field (success is the absence of
     * errorCode), so that rule never matches; the warning is right to stay.
     */
    @Test
    void sigmaHqRulesNameOnlyCloudTrailFieldsButOneRealBug() {
        RuleSet set = new RuleLoader().load(SIGMA.resolve("rules"), SIGMA.resolve("unsupported"));
        assertTrue(set.rules().size() >= 58);
        List<String> w = warnings(set);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("aws_delete_saml_provider.yml:26: rule 'AWS SAML Provider Deletion Activity'"
                + " names field 'status'"), w.get(0));
    }

    @Test
    void sigmaHqsPlaceholderRuleUsesAnotherLogSourcesFields() {
        RuleSet set = new RuleLoader(RuleLoaderFixtures.SIGMA_PLACEHOLDERS).load(SIGMA.resolve("rules-placeholder"));
        assertEquals(1, set.rules().size());
        List<String> w = warnings(set);
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).contains("names field 'src_country'") && w.get(1).contains("names field 'src_ip'"),
                w.toString());
    }
}
