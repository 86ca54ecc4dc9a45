package io.trailkeeper.store.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mapper's edges, on records shaped as the odd ones of real trails are (the class mappings themselves are tested
 * on real records in {@link OcsfExportTest}), and the schema check on an event missing what it requires.
 */
class OcsfMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2024-03-01T10:00:00Z");

    private static OcsfMapper.Mapping map(String record) throws IOException {
        return new OcsfMapper().map(record, OcsfJson.MAPPER.readTree(record), TIME, List.of());
    }

    @Test
    void fieldsOfTheWrongTypeReadAsAbsentAndTheRecordStaysWhole() throws IOException {
        String record = "{\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\",\"eventCategory\":\"Data\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":[\"x\"],\"arn\":{\"a\":1},\"accountId\":\"1\"},"
                + "\"sourceIPAddress\":\"203.0.113.9\",\"errorCode\":{\"nested\":true},\"requestID\":42,"
                + "\"requestParameters\":\"not an object\",\"readOnly\":\"yes\",\"resources\":\"none\"}";
        JsonNode e = map(record).event().json();
        assertEquals(6003, e.get("class_uid").asInt());
        assertEquals(2, e.get("activity_id").asInt());
        assertEquals("1", e.at("/actor/user/account/uid").asText());
        assertFalse(e.at("/actor/user").has("name"));
        assertFalse(e.at("/actor/user").has("uid"));
        assertEquals("Success", e.get("status").asText(), "an errorCode that is not text is no error code");
        assertEquals("42", e.at("/api/request/uid").asText());
        assertEquals("not an object", e.at("/api/request/data").asText());
        assertEquals("Data", e.at("/metadata/product/feature/name").asText());
        assertEquals(TIME.toEpochMilli(), e.get("time").asLong());
        assertEquals(JSON.readTree(record), JSON.readTree(e.get("raw_data").asText()));
        assertEquals(List.of(), new OcsfSchemaCheck().problems(e));
    }

    @Test
    void anAwsServiceIsNamedByItsPrincipalAndAHostNameIsADomain() throws IOException {
        JsonNode e = map("{\"eventName\":\"AssumeRole\",\"eventSource\":\"sts.amazonaws.com\",\"requestID\":\"r\","
                + "\"userIdentity\":{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"},"
                + "\"sourceIPAddress\":\"ec2.amazonaws.com\"}").event().json();
        assertEquals("ec2.amazonaws.com", e.at("/actor/user/name").asText());
        assertEquals("ec2.amazonaws.com", e.at("/actor/invoked_by").asText());
        assertEquals("ec2.amazonaws.com", e.at("/src_endpoint/domain").asText());
        assertFalse(e.at("/src_endpoint").has("ip"));
    }

    /**
     * A number in a request is the caller's text: 1e400 is no double (it became "Infinity", which is not even JSON),
     * 0.1 is no binary fraction and 1.50 keeps its zero. api.request.data and api.response.data hold each as written.
     */
    @Test
    void numbersOfARequestKeepTheirValueAndDigits() throws IOException {
        String record = "{\"eventName\":\"PutMetricData\",\"eventSource\":\"monitoring.amazonaws.com\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/a\"},"
                + "\"sourceIPAddress\":\"203.0.113.9\",\"requestID\":\"r\","
                + "\"requestParameters\":{\"huge\":1e400,\"tenth\":0.1,\"price\":1.50,"
                + "\"big\":123456789012345678901234567890},\"responseElements\":{\"tiny\":-2.5e-400}}";
        OcsfMapper.Mapping mapping = map(record);
        JsonNode data = mapping.event().json().at("/api/request/data");
        assertEquals(0, new java.math.BigDecimal("1e400").compareTo(data.get("huge").decimalValue()));
        assertEquals("1.50", data.get("price").decimalValue().toPlainString());
        assertEquals("0.1", data.get("tenth").decimalValue().toPlainString());
        assertEquals("123456789012345678901234567890", data.get("big").bigIntegerValue().toString());
        JsonNode response = mapping.event().json().at("/api/response/data");
        assertEquals(0, new java.math.BigDecimal("-2.5e-400").compareTo(response.get("tiny").decimalValue()));
        String line = OcsfJson.line(mapping.event().json());
        assertFalse(line.contains("Infinity"), line);
        assertTrue(JSON.readTree(line).isObject(), "the line is JSON");
        assertTrue(line.contains("\"price\":1.50"), line);
    }

    /**
     * Security Lake puts CloudTrail's eventType in metadata.event_code (its OCSF 1.1.0 mapping of every class), where
     * a query for service events or console sign-ins looks; the export had it in unmapped only.
     */
    @Test
    void theEventTypeIsTheEventCode() throws IOException {
        JsonNode service = map("{\"eventName\":\"RotateKey\",\"eventSource\":\"kms.amazonaws.com\","
                + "\"eventType\":\"AwsServiceEvent\",\"userIdentity\":{\"accountId\":\"111122223333\","
                + "\"invokedBy\":\"kms.amazonaws.com\"},\"sourceIPAddress\":\"kms.amazonaws.com\"}").event().json();
        assertEquals("AwsServiceEvent", service.at("/metadata/event_code").asText());
        JsonNode login = map("{\"eventName\":\"ConsoleLogin\",\"eventSource\":\"signin.amazonaws.com\","
                + "\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"111122223333\"}").event().json();
        assertEquals("AwsConsoleSignIn", login.at("/metadata/event_code").asText());
        JsonNode none = map("{\"eventName\":\"GetObject\",\"userIdentity\":{\"arn\":\"a\"},"
                + "\"sourceIPAddress\":\"1.2.3.4\"}").event().json();
        assertFalse(none.get("metadata").has("event_code"), "no eventType, no event_code");
    }

    /**
     * An IAM Identity Center password tried and refused is a CredentialVerification record whose serviceEventDetails
     * says Failure (no errorCode, no responseElements): it was exported as a Success, so a query for failed sign-ins
     * (status_id 2) missed password guessing.
     */
    @Test
    void aCredentialVerificationThatFailedIsAFailure() throws IOException {
        String record = "{\"eventName\":\"CredentialVerification\",\"eventSource\":\"signin.amazonaws.com\","
                + "\"eventType\":\"AwsServiceEvent\",\"userIdentity\":{\"type\":\"Unknown\","
                + "\"principalId\":\"111122223333\",\"accountId\":\"111122223333\",\"userName\":\"alice\"},"
                + "\"sourceIPAddress\":\"203.0.113.9\",\"serviceEventDetails\":{\"CredentialVerification\":\"%s\"}}";
        JsonNode failed = map(String.format(record, "Failure")).event().json();
        assertEquals(2, failed.get("status_id").asInt());
        assertEquals("Failure", failed.get("status").asText());
        JsonNode passed = map(String.format(record, "Success")).event().json();
        assertEquals(1, passed.get("status_id").asInt());
        assertEquals("Success", passed.get("status").asText());
    }

    /**
     * type_name is the caption of type_uid as the schema defines it ("Account Change: Other" for 300199); only
     * activity_name may carry the source's own word for an Other activity. type_name was "Account Change: Create
     * Access Key", which no type_uid has.
     */
    @Test
    void anOtherActivityIsNamedInActivityNameButItsTypeNameIsTheSchemas() throws IOException {
        JsonNode key = map("{\"eventName\":\"CreateAccessKey\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"recipientAccountId\":\"111122223333\",\"requestParameters\":{\"userName\":\"bob\"},"
                + "\"userIdentity\":{\"arn\":\"a\"},\"sourceIPAddress\":\"1.2.3.4\"}").event().json();
        assertEquals(300199, key.get("type_uid").asLong());
        assertEquals("Create Access Key", key.get("activity_name").asText());
        assertEquals("Account Change: Other", key.get("type_name").asText());
        JsonNode federate = map("{\"eventName\":\"Federate\",\"eventSource\":\"sso.amazonaws.com\","
                + "\"readOnly\":false,\"userIdentity\":{\"arn\":\"a\"},\"sourceIPAddress\":\"1.2.3.4\"}")
                .event().json();
        assertEquals(600399, federate.get("type_uid").asLong());
        assertEquals("Federate", federate.get("activity_name").asText());
        assertEquals("API Activity: Other", federate.get("type_name").asText());
        JsonNode read = map("{\"eventName\":\"GetObject\",\"userIdentity\":{\"arn\":\"a\"},"
                + "\"sourceIPAddress\":\"1.2.3.4\"}").event().json();
        assertEquals("API Activity: Read", read.get("type_name").asText());
    }

    /**
     * A resource's owner account (resources[].accountId: the bucket of another account in a data event) is
     * resources[].owner.account.uid, as Security Lake maps it; it was dropped, so a query for calls on another
     * account's resources found none.
     */
    @Test
    void aResourceKeepsTheAccountThatOwnsIt() throws IOException {
        JsonNode e = map("{\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"userIdentity\":{\"arn\":\"a\"},\"sourceIPAddress\":\"1.2.3.4\",\"resources\":["
                + "{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::b/k\"},{\"accountId\":\"444455556666\","
                + "\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::b\"}]}").event().json();
        assertFalse(e.at("/resources/0").has("owner"), "no accountId, no owner");
        assertEquals("444455556666", e.at("/resources/1/owner/account/uid").asText());
        assertEquals(List.of(), new OcsfSchemaCheck().problems(e));
    }

    /**
     * A service event (eventType AwsServiceEvent: an AWS service acting on its own, such as KMS rotating a key) may
     * name no identity and no source address. It was not exported (no actor, no src_endpoint); the service that
     * made it is both, as invoked_by and as the source's svc_name.
     */
    @Test
    void aServiceEventWithoutIdentityOrAddressIsTheServicesOwn() throws IOException {
        OcsfMapper.Mapping m = map("{\"eventName\":\"RotateKey\",\"eventSource\":\"kms.amazonaws.com\","
                + "\"eventType\":\"AwsServiceEvent\",\"recipientAccountId\":\"111122223333\"}");
        assertNull(m.skipped());
        JsonNode e = m.event().json();
        assertEquals(6003, e.get("class_uid").asInt());
        assertEquals("kms.amazonaws.com", e.at("/actor/invoked_by").asText());
        assertEquals("kms.amazonaws.com", e.at("/src_endpoint/svc_name").asText());
        assertEquals(List.of(), new OcsfSchemaCheck().problems(e));
        assertEquals(OcsfMapper.NO_ACTOR, map("{\"eventName\":\"RotateKey\",\"eventSource\":\"kms.amazonaws.com\","
                + "\"eventType\":\"AwsApiCall\",\"sourceIPAddress\":\"1.2.3.4\"}").skipped(),
                "a call without identity is still not made up");
    }

    @Test
    void recordsThatCannotMeetTheirClassAreSkippedWithTheReason() throws IOException {
        assertEquals(OcsfMapper.INSIGHT, map("{\"eventName\":\"PutObject\",\"eventType\":\"AwsCloudTrailInsight\","
                + "\"insightDetails\":{\"state\":\"Start\"}}").skipped());
        assertEquals(OcsfMapper.NO_NAME, map("{\"eventSource\":\"s3.amazonaws.com\"}").skipped());
        assertEquals(OcsfMapper.NO_ACTOR, map("{\"eventName\":\"GetObject\",\"sourceIPAddress\":\"1.2.3.4\"}")
                .skipped());
        assertEquals(OcsfMapper.NO_SOURCE, map("{\"eventName\":\"GetObject\",\"userIdentity\":{\"arn\":\"a\"}}")
                .skipped());
        assertNull(map("{\"eventName\":\"GetObject\",\"userIdentity\":{\"arn\":\"a\"},\"vpcEndpointId\":\"vpce-1\"}")
                .skipped());
    }

    @Test
    void aConsoleLoginFailureWithoutErrorCodeIsAFailure() throws IOException {
        JsonNode e = map("{\"eventName\":\"ConsoleLogin\",\"eventSource\":\"signin.amazonaws.com\","
                + "\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"111122223333\","
                + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"},\"userIdentity\":{\"type\":\"Root\"}}")
                .event().json();
        assertEquals(3002, e.get("class_uid").asInt());
        assertEquals("Failure", e.get("status").asText());
        assertEquals("111122223333", e.at("/user/account/uid").asText(), "the account signed in to names the user");
        assertEquals("signin.amazonaws.com", e.at("/service/name").asText());
        OcsfSchemaCheck check = new OcsfSchemaCheck();
        assertEquals(List.of(), check.problems(e));
        var noService = (com.fasterxml.jackson.databind.node.ObjectNode) e.deepCopy();
        noService.remove("service");
        ((com.fasterxml.jackson.databind.node.ObjectNode) noService.at("/user/account")).remove("uid");
        assertEquals(List.of("class 3002 has none of [\"service\",\"dst_endpoint\"]",
                "user.account has none of [\"name\",\"uid\"]"), check.problems(noService));
    }

    @Test
    void theSchemaCheckFindsWhatIsMissingOrWrong() throws IOException {
        JsonNode e = map("{\"eventName\":\"DeleteBucket\",\"eventSource\":\"s3.amazonaws.com\",\"requestID\":\"r\","
                + "\"userIdentity\":{\"arn\":\"arn:aws:iam::1:user/a\"},\"sourceIPAddress\":\"1.2.3.4\"}").event().json();
        OcsfSchemaCheck check = new OcsfSchemaCheck();
        assertEquals(List.of(), check.problems(e));
        var broken = e.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("api")).remove("operation");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken).put("activity_id", 7);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken).remove("src_endpoint");
        List<String> problems = check.problems(broken);
        assertTrue(problems.contains("required api.operation is missing"), problems.toString());
        assertTrue(problems.contains("required src_endpoint is missing"), problems.toString());
        assertTrue(problems.contains("activity_id 7 is not an activity of 6003"), problems.toString());
        assertTrue(problems.contains("type_uid 600304 is not class_uid * 100 + activity_id"), problems.toString());
    }

    @Test
    void onlyIpLiteralsAreIpAddresses() {
        assertTrue(OcsfIdentity.isIp("10.8.8.10"));
        assertTrue(OcsfIdentity.isIp("2001:db8::1"));
        assertFalse(OcsfIdentity.isIp("999.1.1.1"));
        assertFalse(OcsfIdentity.isIp("AWS Internal"));
        assertFalse(OcsfIdentity.isIp("s3.amazonaws.com"));
        assertFalse(OcsfIdentity.isIp("localhost"));
    }
}
