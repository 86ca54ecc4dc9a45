package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;

/** Scenario folders: scenario.json, record files in every shape, real trail files as S3 delivered them. */
class ScenarioFolderTest {
    private static final Path SHARED = Paths.get(System.getProperty("trailkeeper.shared", "../../shared"));
    private static final Path INVICTUS = SHARED.resolve("data/invictus-ir-aws_dataset");

    @TempDir
    Path folder;

    @Test
    void realTrailFilesInTheS3LayoutAreServedByTheirRegionExactlyAsRecorded() throws IOException {
        copyTree(INVICTUS.resolve("derived-AWSLogs-layout"), folder.resolve("events"));
        write("scenario.json", """
                {
                  // the Stratus Red Team run of 2023-07-10, seen ten days later
                  "account": "123837392027",
                  "callerArn": "arn:aws:iam::123837392027:user/responder",
                  "now": "2023-07-20T00:00:00Z",
                  "lookupRatePerSecond": 0,
                }""");
        Scenario scenario = Scenario.load(folder);
        assertEquals(Map.of("us-east-1", 2900), scenario.eventsByRegion());
        assertEquals(List.of(), scenario.problems());

        // the records as the files hold them: each file is {"Records":[...]}, compact, one record after another
        Set<String> recorded = new HashSet<>();
        try (Stream<Path> trailFiles = Files.list(INVICTUS.resolve("CloudTrail"))) {
            for (Path f : trailFiles.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                String records = text.substring(text.indexOf('[') + 1, text.lastIndexOf(']'));
                recorded.addAll(List.of(records.split(",(?=\\{\"eventVersion\")")));
            }
        }
        assertEquals(2900, recorded.size());
        Set<String> served = new HashSet<>();
        int items = 0;
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient virginia = SdkClients.cloudTrail(emulator, "us-east-1")) {
            for (Event e : virginia.lookupEventsPaginator(r -> { }).events()) {
                assertTrue(recorded.contains(e.cloudTrailEvent()), "not as in the file: " + e.eventId());
                served.add(e.eventId());
                items++;
            }
            assertEquals(0, virginia.lookupEvents(r -> r.endTime(Instant.parse("2023-07-10T11:00:00Z"))).events().size());
        }
        assertEquals(2900, items);
        assertEquals(2900, served.size());
    }

    @Test
    void everyRecordShapeIsReadAndProblemsAreListed() throws IOException {
        String a = TestRecord.event(Instant.parse("2026-11-01T00:00:00Z"), "us-west-2", 1).json();
        String b = TestRecord.event(Instant.parse("2026-11-02T00:00:00Z"), "us-west-2", 2).json();
        String c = TestRecord.event(Instant.parse("2026-11-03T00:00:00Z"), "eu-west-1", 3).json();
        String d = TestRecord.event(Instant.parse("2026-11-04T00:00:00Z"), "ap-southeast-2", 4).json();
        write("scenario.json", "{\"now\": \"2026-11-20T00:00:00Z\"}");
        write("events/array.json", "[" + a + ",\n" + b + "]");
        write("events/lines.jsonl", c + "\n{not json\n" + "{\"eventTime\":\"2026-11-05T00:00:00Z\",\"eventName\":\"X\"}\n");
        Files.createDirectories(folder.resolve("events/AWSLogs"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("events/AWSLogs/f.json.gz")))) {
            out.write(("{\"Records\":[" + d + "]}").getBytes(StandardCharsets.UTF_8));
        }
        write("events/README.txt", "not a record file");

        Scenario scenario = Scenario.load(folder);
        assertEquals(Map.of("us-west-2", 2, "eu-west-1", 1, "ap-southeast-2", 1), scenario.eventsByRegion());
        assertEquals(2, scenario.problems().size(), scenario.problems().toString());
        assertTrue(scenario.problems().get(0).contains("lines.jsonl"), scenario.problems().toString());
        assertTrue(scenario.problems().get(1).contains("no awsRegion"), scenario.problems().toString());
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), scenario.now().orElseThrow());
    }

    @Test
    void theFullScenarioFormatIsRead() throws IOException {
        write("scenario.json", """
                { "account": "123456789012", "callerArn": "arn:aws:iam::123456789012:user/responder",
                  "regions": { "enabled": ["us-east-1", "ap-northeast-1"], "notEnabled": ["af-south-1"], "denied": ["eu-west-3"],
                               "tokenRefused": ["me-south-1"] },
                  "trails": [ {"Name": "main", "S3BucketName": "b", "S3KeyPrefix": null, "IsMultiRegionTrail": false,
                               "HomeRegion": "ap-northeast-1", "IsOrganizationTrail": false, "LogFileValidationEnabled": true,
                               "IncludeGlobalServiceEvents": true,
                               "status": {"IsLogging": false, "StopLoggingTime": "2026-11-19T00:00:00Z"},
                               "eventSelectors": [], "insightSelectors": []} ],
                  "publicKeys": [ {"Fingerprint": "f", "ValidityStartTime": "2026-01-01T00:00:00Z",
                                   "ValidityEndTime": "2027-01-01T00:00:00Z", "Value": "MIIBIjAN"} ],
                  "roles": [ {"Arn": "arn:aws:iam::123456789012:role/Audit", "ExternalId": "x"} ],
                  "lookupRatePerSecond": 2, "organization": "o-a1b2c3d4e5" }""");
        Scenario scenario = Scenario.load(folder);
        assertEquals("o-a1b2c3d4e5", scenario.organizationId());
        assertEquals(List.of("us-east-1", "ap-northeast-1", "eu-west-3", "me-south-1"), scenario.enabledRegions());
        assertEquals(List.of("af-south-1"), scenario.notEnabledRegions());
        assertEquals(Set.of("eu-west-3"), scenario.deniedRegions());
        assertEquals(Set.of("me-south-1"), scenario.tokenRefusedRegions());
        assertEquals("main", scenario.trails().get(0).name());
        assertEquals(1, scenario.publicKeys().size());
        assertEquals(Map.of("arn:aws:iam::123456789012:role/Audit", "x"), scenario.assumableRoles());
        assertEquals(2.0, scenario.lookupRatePerSecond().orElseThrow());
    }

    @Test
    void mistakesInScenarioJsonNameTheFileAndTheMember() throws IOException {
        write("scenario.json", "{\"acount\": \"123456789012\"}");
        TrailKeeperException unknown = assertThrows(TrailKeeperException.class, () -> Scenario.load(folder));
        assertEquals(ErrorCode.USAGE, unknown.code());
        assertTrue(unknown.getMessage().contains("scenario.json") && unknown.getMessage().contains("\"acount\""),
                unknown.getMessage());

        write("scenario.json", "{\"trails\": [{\"Name\": \"t\"}]}");
        TrailKeeperException trail = assertThrows(TrailKeeperException.class, () -> Scenario.load(folder));
        assertTrue(trail.getMessage().contains("trails[0]") && trail.getMessage().contains("HomeRegion"),
                trail.getMessage());

        write("scenario.json", "{\"account\": 123}");
        assertThrows(TrailKeeperException.class, () -> Scenario.load(folder));

        write("scenario.json", "{\"organization\": \"r-a1b2\"}");
        TrailKeeperException organization = assertThrows(TrailKeeperException.class, () -> Scenario.load(folder));
        assertTrue(organization.getMessage().contains("an organization id is o-"), organization.getMessage());

        TrailKeeperException missing = assertThrows(TrailKeeperException.class,
                () -> Scenario.load(folder.resolve("nowhere")));
        assertEquals(ErrorCode.INPUT_NOT_FOUND, missing.code());
        Files.delete(folder.resolve("scenario.json"));
        assertEquals(ErrorCode.INPUT_NOT_FOUND,
                assertThrows(TrailKeeperException.class, () -> Scenario.load(folder)).code());
    }

    @Test
    void theConfigurationOverridesTheScenariosClockAndRate() {
        Instant scenarioNow = Instant.parse("2026-11-20T00:00:00Z");
        Instant configNow = Instant.parse("2026-12-01T00:00:00Z");
        Scenario scenario = Scenario.builder().now(scenarioNow).lookupRatePerSecond(5).build();
        assertEquals(scenarioNow, EmulatorConfig.of(scenario).effectiveClock().instant());
        assertEquals(5.0, EmulatorConfig.of(scenario).effectiveLookupRate());
        EmulatorConfig config = EmulatorConfig.builder(scenario).clock(Clock.fixed(configNow, ZoneOffset.UTC))
                .lookupRatePerSecond(0).build();
        assertEquals(configNow, config.effectiveClock().instant());
        assertEquals(0.0, config.effectiveLookupRate());
        Scenario plain = Scenario.builder().build();
        assertEquals(EmulatorConfig.DEFAULT_LOOKUP_RATE, EmulatorConfig.of(plain).effectiveLookupRate());
        assertEquals(17, plain.enabledRegions().size());
        assertEquals("arn:aws:iam::123456789012:user/emulator", plain.callerArn());
        assertTrue(plain.callerUserId().startsWith("AIDA") && plain.callerUserId().length() == 21);
    }

    private void write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
