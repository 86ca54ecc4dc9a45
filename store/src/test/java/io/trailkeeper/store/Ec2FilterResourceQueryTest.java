package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TableCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * query --resource of an EC2 id that calls name only as a filter's value, in real records: the OTRF capture's
 * console DescribeAddresses filtered on instance-id i-044b1baf4c96e1b62 (5 distinct records), and the invictus
 * records' DescribeSubnets, DescribeSecurityGroups... filtered on vpc-id or attachment.vpc-id vpc-098ff30ff74b36f73
 * (17). EC2 records Filter.N as requestParameters.filterSet.items[] {name, valueSet.items[] {value}}. The counts
 * were taken from the raw files with a script of their own (records naming the id only in a filter's values).
 */
class Ec2FilterResourceQueryTest {
    private static final String INSTANCE = "i-044b1baf4c96e1b62";
    private static final String VPC = "vpc-098ff30ff74b36f73";

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() {
        try (EventStore store = TestStores.open(dir)) {
            TestStores.ingest(store, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                    TestStores.shared("otrf-security-datasets/datasets/atomic/aws/collection"));
        }
    }

    private static EventQuery query(String resource) {
        return new EventQuery(null, null, null, null, null, null, null, null, resource, null, null, null, null);
    }

    /** resource_match of every event found, counted: "names it" x 15, "named in filter instance-id" x 5. */
    private static Map<String, Integer> matches(String resource) {
        TableCollector rows = new TableCollector();
        try (EventStore store = TestStores.openReadOnly(dir)) {
            new EventSearch(store).events(query(resource), List.of("event_name", "event_source"), rows);
        }
        Map<String, Integer> out = new TreeMap<>();
        var t = rows.table("rows");
        int label = t.columns().indexOf(PrefixMatch.LABEL_COLUMN);
        int source = t.columns().indexOf("event_source");
        for (List<Object> row : t.rows()) {
            String l = String.valueOf(row.get(label));
            assertTrue(l.equals(PrefixMatch.NAMES_IT) || "ec2.amazonaws.com".equals(row.get(source)), row.toString());
            out.merge(l, 1, Integer::sum);
        }
        return out;
    }

    private static long mayInclude(String resource) {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            return new EventSearch(store).mayInclude(query(resource));
        }
    }

    @Test
    void anInstanceNamedOnlyInAFilterIsFoundAndLabelled() {
        Map<String, Integer> found = matches(INSTANCE);
        assertEquals(5, found.get("named in filter instance-id"), found.toString());
        assertEquals(5, mayInclude(INSTANCE));
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(found.values().stream().mapToLong(Integer::longValue).sum(),
                    TestStores.count(store, query(INSTANCE)));
            assertEquals(found.get(PrefixMatch.NAMES_IT).longValue(), TestStores.scalar(store, "SELECT count(*) FROM"
                    + " events WHERE list_contains(resources, '" + INSTANCE + "')"), "the calls that name it directly");
        }
    }

    @Test
    void aVpcNamedInFiltersOfSeveralNamesIsFoundUnderEach() {
        Map<String, Integer> found = matches(VPC);
        int inFilters = found.entrySet().stream().filter(e -> e.getKey().startsWith("named in filter "))
                .mapToInt(Map.Entry::getValue).sum();
        assertEquals(17, inFilters, found.toString());
        assertTrue(found.containsKey("named in filter vpc-id")
                && found.containsKey("named in filter attachment.vpc-id"), found.toString());
    }

    @Test
    void anEc2ArnFindsItsIdsFiltersInItsOwnAccountOnly() {
        assertEquals(5, matches("arn:aws:ec2:us-east-1:123456789123:instance/" + INSTANCE)
                .get("named in filter instance-id"));
        assertEquals(null, matches("arn:aws:ec2:us-east-1:111122223333:instance/" + INSTANCE)
                .get("named in filter instance-id"), "another account's instance of that id");
    }

    @Test
    void aNameOfAnotherKindReadsNoFilter() {
        assertEquals(0, mayInclude("default"), "a security group's name: no EC2 id, filters are not read");
        assertEquals(null, FilterMatch.target("my-bucket-0123abcd/x"));
        assertEquals("i-0123456789abcdef0", FilterMatch.target("i-0123456789abcdef0").id());
    }
}
