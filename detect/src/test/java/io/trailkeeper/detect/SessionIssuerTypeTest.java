package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.CloudTrailEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** userIdentity.sessionContext.sessionIssuer.type, answered from the reader's typed value, is what a parse gives. */
class SessionIssuerTypeTest {
    private static final String PATH = "userIdentity.sessionContext.sessionIssuer.type";
    private static final String BASE = "\"eventVersion\":\"1.09\",\"eventTime\":\"2024-03-01T00:00:00Z\","
            + "\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"GetCallerIdentity\",\"awsRegion\":\"us-east-1\","
            + "\"eventID\":\"11111111-1111-1111-1111-111111111111\",\"eventType\":\"AwsApiCall\","
            + "\"recipientAccountId\":\"111122223333\"";

    @Test
    void sameAsAParse() throws Exception {
        List<String> identities = List.of(
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"a\"}}}",
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"a\"}}}",
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":7}}}",
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":null}}}",
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":null}}",
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\"},"
                        + "\"sessionIssuer\":{\"arn\":\"b\"}}}",
                "{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\"}}},"
                        + "\"userIdentity\":{\"type\":\"IAMUser\"}",
                "{\"type\":\"IAMUser\"}");
        ObjectMapper json = new ObjectMapper();
        PathFilter filter = PathFilter.of(List.of(PATH));
        for (String identity : identities) {
            String record = "{" + BASE + ",\"userIdentity\":" + identity + "}";
            CloudTrailEvent event = Events.one(record);
            JsonNode parsed = json.readTree(record.getBytes(StandardCharsets.UTF_8))
                    .at("/userIdentity/sessionContext/sessionIssuer/type");
            String expected = parsed.isMissingNode() ? "[]" : List.of(parsed).toString();
            assertEquals(expected, new EventView(event, filter).values(PATH).toString(), record);
            assertEquals(expected, new EventView(event).values(PATH).toString(), record);
        }
    }
}
