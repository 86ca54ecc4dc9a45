package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.Correlation;
import io.trailkeeper.detect.Detection;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.FieldGroup;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.Detection.Search;
import io.trailkeeper.detect.SigmaRule;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated SQL's semantics, run on DuckDB over a JSON column: one case per modifier and condition form. */
class SqlBackendTest {
    private static Connection db;

    @BeforeAll
    static void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void plainValuesAreCaseInsensitiveUnlessCased() throws SQLException {
        String[] records = {"{\"eventName\":\"StopLogging\"}", "{\"eventName\":\"stoplogging\"}",
            "{\"eventName\":\"StopLoggingX\"}"};
        assertEquals(Set.of(0, 1), run(one("eventName", List.of(), "StopLogging"), records));
        assertEquals(Set.of(0), run(one("eventName", List.of(Modifier.CASED), "StopLogging"), records));
    }

    @Test
    void dottedPathsGoIntoObjectsAndArraysElementWise() throws SQLException {
        String[] records = {
            "{\"requestParameters\":{\"bucketName\":\"logs\"}}",
            "{\"resources\":[{\"ARN\":\"arn:a\"},{\"ARN\":\"arn:b\"}]}",
            "{\"requestParameters\":{\"names\":[\"x\",\"logs\"]}}",
            "{\"requestParameters\":\"logs\"}"};
        assertEquals(Set.of(0), run(one("requestParameters.bucketName", List.of(), "logs"), records));
        assertEquals(Set.of(1), run(one("resources.ARN", List.of(), "arn:b"), records));
        assertEquals(Set.of(2), run(one("requestParameters.names", List.of(), "LOGS"), records));
        assertEquals(Set.of(0), run(one("requestParameters", List.of(), "*\"a\":\"x\"*"),
                "{\"requestParameters\":{\"a\":\"x\"}}"), "an object is matched as its JSON text");
    }

    @Test
    void valueListsAreOrAndAllMakesThemAnd() throws SQLException {
        String[] records = {"{\"a\":\"x\"}", "{\"a\":\"y\"}", "{\"a\":[\"x\",\"y\"]}", "{\"a\":\"xy\"}"};
        assertEquals(Set.of(0, 1, 2), run(one("a", List.of(), "x", "y"), records));
        assertEquals(Set.of(2), run(one("a", List.of(Modifier.ALL), "x", "y"), records));
        assertEquals(Set.of(3), run(one("a", List.of(Modifier.CONTAINS, Modifier.ALL), "x", "y"),
                "{\"a\":\"xy\"}", "{\"a\":\"x\"}").stream().map(i -> 3).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void nullMeansMissingOrJsonNull() throws SQLException {
        String[] records = {"{\"a\":{\"b\":null}}", "{\"a\":{}}", "{\"a\":{\"b\":\"\"}}", "{\"a\":{\"b\":\"v\"}}"};
        assertEquals(Set.of(0, 1), run(one("a.b", List.of(), (Object) null), records));
        assertEquals(Set.of(0, 1, 3), run(one("a.b", List.of(), null, "v"), records));
        assertEquals(Set.of(2), run(one("a.b", List.of(), ""), records));
    }

    @Test
    void wildcardsAndTheirEscapes() throws SQLException {
        String[] records = {"{\"a\":\"abc\"}", "{\"a\":\"a*c\"}", "{\"a\":\"a%c\"}", "{\"a\":\"a_c\"}",
            "{\"a\":\"a\\\\c\"}"};
        assertEquals(Set.of(0, 1, 2, 3, 4), run(one("a", List.of(), "a?c"), records));
        assertEquals(Set.of(0, 1, 2, 3, 4), run(one("a", List.of(), "A*"), records));
        assertEquals(Set.of(1), run(one("a", List.of(), "a\\*c"), records));
        assertEquals(Set.of(2), run(one("a", List.of(), "a%c"), records), "% is no wildcard in Sigma");
        assertEquals(Set.of(3), run(one("a", List.of(), "a_c"), records), "_ is no wildcard in Sigma");
        assertEquals(Set.of(4), run(one("a", List.of(), "a\\c"), records), "a backslash before c is literal");
    }

    @Test
    void containsStartsWithEndsWith() throws SQLException {
        String[] records = {"{\"ua\":\"aws-cli/2.0 Python\"}", "{\"ua\":\"Boto3/1.0 aws-cli\"}"};
        assertEquals(Set.of(0, 1), run(one("ua", List.of(Modifier.CONTAINS), "AWS-CLI"), records));
        assertEquals(Set.of(0), run(one("ua", List.of(Modifier.STARTSWITH), "aws-cli"), records));
        assertEquals(Set.of(1), run(one("ua", List.of(Modifier.ENDSWITH), "aws-cli"), records));
    }

    @Test
    void regularExpressionsWithFlags() throws SQLException {
        String[] records = {"{\"ip\":\"10.1.2.3\"}", "{\"ip\":\"ABC\"}", "{\"ip\":\"x\\nabc\"}"};
        assertEquals(Set.of(0), run(one("ip", List.of(Modifier.RE), "^10\\.\\d+"), records));
        assertEquals(Set.of(2), run(one("ip", List.of(Modifier.RE), "abc"), records), "case-sensitive by default");
        assertEquals(Set.of(1, 2), run(one("ip", List.of(Modifier.RE, Modifier.I), "^abc|\\nabc"), records));
        assertEquals(Set.of(2), run(one("ip", List.of(Modifier.RE, Modifier.M), "^abc$"), records));
        assertEquals(Set.of(2), run(one("ip", List.of(Modifier.RE, Modifier.S), "x.abc"), records));
        assertThrows(UnsupportedRuleException.class, () -> new SqlBackend().predicate(
                one("ip", List.of(Modifier.RE), "a(?=b)")));
    }

    @Test
    void cidrOnIpv4AndARejectionForIpv6Networks() throws SQLException {
        String[] records = {"{\"ip\":\"10.1.2.3\"}", "{\"ip\":\"11.0.0.1\"}", "{\"ip\":\"2001:db8::1\"}",
            "{\"ip\":\"AWS Internal\"}", "{\"ip\":\"192.168.1.255\"}"};
        assertEquals(Set.of(0, 4), run(one("ip", List.of(Modifier.CIDR), "10.0.0.0/8", "192.168.1.0/24"), records));
        assertEquals(Set.of(1), run(one("ip", List.of(Modifier.CIDR), "11.0.0.1"), records));
        UnsupportedRuleException e = assertThrows(UnsupportedRuleException.class, () -> new SqlBackend().predicate(
                one("ip", List.of(Modifier.CIDR), "2001:db8::/32")));
        assertTrue(e.getMessage().contains("ip|cidr: 2001:db8::/32") && e.getMessage().contains("test.yml"),
                e.getMessage());
    }

    @Test
    void existsCountsAJsonNullAsThere() throws SQLException {
        String[] records = {"{\"a\":{\"b\":{}}}", "{\"a\":{\"b\":null}}", "{\"a\":{}}", "{\"a\":{\"b\":0}}"};
        assertEquals(Set.of(0, 1, 3), run(one("a.b", List.of(Modifier.EXISTS), true), records));
        assertEquals(Set.of(2), run(one("a.b", List.of(Modifier.EXISTS), false), records));
    }

    @Test
    void fieldrefComparesTwoFields() throws SQLException {
        String[] records = {"{\"u\":\"Alice\",\"p\":{\"userName\":\"alice\"}}", "{\"u\":\"Alice\",\"p\":{\"userName\":\"bob\"}}",
            "{\"u\":\"Alice\"}"};
        assertEquals(Set.of(0), run(one("u", List.of(Modifier.FIELDREF), "p.userName"), records));
        assertEquals(Set.of(), run(one("u", List.of(Modifier.FIELDREF, Modifier.CASED), "p.userName"), records));
    }

    @Test
    void fieldrefWithStartsWithEndsWithOrContainsComparesSoWithTheOtherFieldsValue() throws SQLException {
        String[] records = {"{\"u\":\"Alice-admin\",\"p\":{\"userName\":\"alice\"}}",
            "{\"u\":\"admin-alice\",\"p\":{\"userName\":\"ALICE\"}}",
            "{\"u\":\"the alice one\",\"p\":{\"userName\":\"Alice\"}}",
            "{\"u\":\"bob\",\"p\":{\"userName\":\"alice\"}}", "{\"u\":\"Alice\"}",
            "{\"u\":[\"x\",\"Alice2\"],\"p\":{\"userName\":[\"zz\",\"alice\"]}}",
            "{\"u\":\"Alice-x\",\"p\":{\"userName\":\"Alice\"}}"};
        assertEquals(Set.of(0, 5, 6), run(one("u", List.of(Modifier.FIELDREF, Modifier.STARTSWITH), "p.userName"),
                records));
        assertEquals(Set.of(6), run(one("u", List.of(Modifier.FIELDREF, Modifier.STARTSWITH, Modifier.CASED),
                "p.userName"), records));
        assertEquals(Set.of(1), run(one("u", List.of(Modifier.FIELDREF, Modifier.ENDSWITH), "p.userName"), records));
        assertEquals(Set.of(0, 1, 2, 5, 6), run(one("u", List.of(Modifier.FIELDREF, Modifier.CONTAINS), "p.userName"),
                records));
        assertEquals(Set.of(), run(one("u", List.of(Modifier.FIELDREF), "p.userName"), records));
        UnsupportedRuleException e = assertThrows(UnsupportedRuleException.class, () -> new SqlBackend()
                .predicate(one("u", List.of(Modifier.FIELDREF, Modifier.RE), "p.userName")));
        assertTrue(e.getMessage().contains("fieldref goes with startswith, endswith, contains, cased and all only"),
                e.getMessage());
    }

    @Test
    void base64AndBase64Offset() throws SQLException {
        String encoded = java.util.Base64.getEncoder().encodeToString("xxhello world".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        String[] records = {"{\"d\":\"" + encoded + "\"}", "{\"d\":\"aGVsbG8=\"}"};
        assertEquals(Set.of(1), run(one("d", List.of(Modifier.BASE64), "hello"), records));
        assertEquals(Set.of(0), run(one("d", List.of(Modifier.BASE64OFFSET, Modifier.CONTAINS), "hello world"),
                records));
    }

    @Test
    void numericComparisons() throws SQLException {
        String[] records = {"{\"n\":5}", "{\"n\":\"7\"}", "{\"n\":\"x\"}", "{\"n\":[1,9]}"};
        assertEquals(Set.of(1, 3), run(one("n", List.of(Modifier.GT), 5L), records));
        assertEquals(Set.of(0, 1, 3), run(one("n", List.of(Modifier.GTE), 5L), records));
        assertEquals(Set.of(3), run(one("n", List.of(Modifier.LT), 5L), records));
        assertEquals(Set.of(0, 3), run(one("n", List.of(Modifier.LTE), 5.0), records));
        assertEquals(Set.of(0), run(one("n", List.of(), 5L), records), "a number matches its JSON text");
        assertEquals(Set.of(0), run(one("n", List.of(), 5L), "{\"n\":5.0}", "{\"n\":\"5.0\"}"),
                "a JSON number by value, a string by its text");
    }

    @Test
    void keywordsSearchTheWholeRecord() throws SQLException {
        String[] records = {"{\"a\":{\"b\":\"Evil-Tool\"}}", "{\"a\":\"good\"}"};
        SigmaRule r = rule(Map.of("keywords", new Search("keywords", List.of(), List.of("evil-*"), 1)),
                new Detection.Ref("keywords"));
        assertEquals(Set.of(0), run(r, records));
    }

    @Test
    void keywordsSearchTheDecodedValuesNotTheKeys() throws SQLException {
        String[] records = {"{\"p\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\"}", "{\"m\":\"say \\\"hi\\\" to caf\\u00e9\"}",
            "{\"evilkey\":\"x\",\"n\":[1,{\"k\":31337}],\"z\":null}"};
        for (Object[] c : new Object[][] {{"C:\\Windows\\System32", Set.of(0)}, {"say \"hi\"", Set.of(1)},
                {"CAFÉ", Set.of(1)}, {"evilkey", Set.of()}, {"31337", Set.of(2)}, {"null", Set.of()}}) {
            SigmaRule r = rule(Map.of("k", new Search("k", List.of(), List.of(c[0]), 1)), new Detection.Ref("k"));
            assertEquals(c[1], run(r, records), String.valueOf(c[0]));
        }
        SigmaRule all = rule(Map.of("k", new Search("k", List.of(), List.of("say", "caf*"), true, 1)),
                new Detection.Ref("k"));
        assertEquals(Set.of(1), run(all, records));
        SigmaRule allMissing = rule(Map.of("k", new Search("k", List.of(), List.of("say", "cmd.exe"), true, 1)),
                new Detection.Ref("k"));
        assertEquals(Set.of(), run(allMissing, records));
    }

    @Test
    void conditionForms() throws SQLException {
        Map<String, Search> searches = new LinkedHashMap<>();
        searches.put("sel_a", search("sel_a", "a", "1"));
        searches.put("sel_b", search("sel_b", "b", "1"));
        searches.put("filter", search("filter", "c", "1"));
        String[] records = {"{\"a\":\"1\"}", "{\"b\":\"1\"}", "{\"a\":\"1\",\"b\":\"1\"}", "{\"a\":\"1\",\"c\":\"1\"}"};
        assertEquals(Set.of(0, 1, 2, 3), run(rule(searches, new Detection.OneOf("sel_*")), records));
        assertEquals(Set.of(2), run(rule(searches, new Detection.AllOf("sel_*")), records));
        assertEquals(Set.of(0, 1, 2, 3), run(rule(searches, new Detection.OneOf("them")), records));
        assertEquals(Set.of(), run(rule(searches, new Detection.AllOf("them")), records));
        assertEquals(Set.of(0, 2), run(rule(searches, new Detection.And(List.of(new Detection.Ref("sel_a"),
                new Detection.Not(new Detection.Ref("filter"))))), records));
        assertEquals(Set.of(1, 2, 3), run(rule(searches, new Detection.Or(List.of(new Detection.Ref("sel_b"),
                new Detection.Ref("filter")))), records));
        assertThrows(UnsupportedRuleException.class, () -> new SqlBackend().predicate(
                rule(searches, new Detection.OneOf("nothing_*"))));
    }

    @Test
    void listsOfMapsAreOr() throws SQLException {
        Search s = new Search("selection", List.of(
                new FieldGroup(List.of(new FieldMatch("a", List.of(), List.of("1")), new FieldMatch("b", List.of(),
                        List.of("2")))),
                new FieldGroup(List.of(new FieldMatch("c", List.of(), List.of("3"))))), List.of(), 1);
        String[] records = {"{\"a\":\"1\",\"b\":\"2\"}", "{\"a\":\"1\"}", "{\"c\":3}"};
        assertEquals(Set.of(0, 2), run(rule(Map.of("selection", s), new Detection.Ref("selection")), records));
    }

    @Test
    void valuesFromRulesCannotInjectSql() throws SQLException {
        String[] records = {"{\"a\":\"x\"}", "{\"a\":\"it's\"}"};
        for (String evil : List.of("x' OR true OR '", "'); DROP TABLE t; --", "x\\' OR 1=1 --", "it''s")) {
            assertEquals(Set.of(), run(one("a", List.of(), evil), records), evil);
            assertEquals(Set.of(), run(one("a", List.of(Modifier.RE), evil.replace("(", "\\(").replace(")", "\\)")),
                    records), evil);
        }
        assertEquals(Set.of(1), run(one("a", List.of(), "it's"), records));
        assertEquals(Set.of(), run(rule(Map.of("k", new Search("k", List.of(), List.of("'; DROP TABLE t; --"), 1)),
                new Detection.Ref("k")), records));
        assertThrows(UnsupportedRuleException.class, () -> new SqlBackend().predicate(one("a\".b", List.of(), "x")));
        assertEquals(Set.of(1), run(one("a", List.of(), "IT'S"), records), "the table is still there");
    }

    @Test
    void correlationsAreRejectedByName() {
        SigmaRule c = new SigmaRule("id", null, "Many failures", null, "high", "me", null, null, null, null,
                "corr.yml", null, new Correlation(Correlation.Type.EVENT_COUNT, List.of("x"), List.of(),
                Duration.ofMinutes(5), null, new Correlation.Threshold("gte", 5), false));
        UnsupportedRuleException e = assertThrows(UnsupportedRuleException.class, () -> new SqlBackend().predicate(c));
        assertTrue(e.getMessage().startsWith("corr.yml (Many failures)"), e.getMessage());
    }

    static SigmaRule one(String field, List<Modifier> modifiers, Object... values) {
        Search s = new Search("selection", List.of(new FieldGroup(List.of(new FieldMatch(field, modifiers,
                new ArrayList<>(Arrays.asList(values)))))), List.of(), 1);
        return rule(Map.of("selection", s), new Detection.Ref("selection"));
    }

    static Search search(String name, String field, String value) {
        return new Search(name, List.of(new FieldGroup(List.of(new FieldMatch(field, List.of(), List.of(value))))),
                List.of(), 1);
    }

    static SigmaRule rule(Map<String, Search> searches, Condition condition) {
        return new SigmaRule("00000000-0000-0000-0000-000000000000", null, "test rule", "test", "low", "tester",
                null, null, null, null, "test.yml", new Detection(searches, condition, null), null);
    }

    /** The indexes of the records the rule matches. */
    static Set<Integer> run(SigmaRule rule, String... records) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE t (id INTEGER, record JSON)");
        }
        try (PreparedStatement p = db.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 0; i < records.length; i++) {
                p.setInt(1, i);
                p.setString(2, records[i]);
                p.addBatch();
            }
            p.executeBatch();
        }
        Set<Integer> ids = new TreeSet<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM t WHERE " + new SqlBackend().predicate(rule))) {
            while (r.next()) {
                ids.add(r.getInt(1));
            }
        }
        return ids;
    }
}
