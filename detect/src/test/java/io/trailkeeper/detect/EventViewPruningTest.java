package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A view that reads only what the rules' paths need answers as the view that parses everything. */
class EventViewPruningTest {
    private static final String BASE = "\"eventVersion\":\"1.09\",\"eventTime\":\"2024-03-01T00:00:00Z\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
            + "\"eventID\":\"11111111-1111-1111-1111-111111111111\",\"eventType\":\"AwsApiCall\","
            + "\"recipientAccountId\":\"111122223333\"";

    @Test
    void sameValuesAsAFullParse() {
        List<String> paths = List.of("userIdentity.type", "userIdentity.sessionContext.sessionIssuer.type",
                "requestParameters.bucketName", "requestParameters", "resources.ARN", "a.b.c", "a.b", "x",
                "userIdentity.invokedBy", "requestParameters.key", "tags.k");
        List<String> records = List.of(
                "{" + BASE + ",\"userIdentity\":{\"type\":\"AssumedRole\",\"sessionContext\":{\"sessionIssuer\":"
                        + "{\"type\":\"Role\"}}},\"requestParameters\":{\"bucketName\":\"b1\",\"key\":\"k\"},"
                        + "\"resources\":[{\"ARN\":\"r1\"},{\"ARN\":\"r2\"},[{\"ARN\":\"r3\"}]]}",
                // a key given twice: the last one wins
                "{" + BASE + ",\"userIdentity\":{\"type\":\"IAMUser\"},\"requestParameters\":{\"bucketName\":\"b1\"},"
                        + "\"userIdentity\":{\"type\":\"Root\",\"invokedBy\":\"x\"}}",
                // an escaped key
                "{" + BASE + ",\"userIdentity\":{\"type\":\"IAMUser\"},\"user\\u0049dentity\":{\"type\":\"Root\"},"
                        + "\"requestParameters\":{\"bucket\\u004eame\":\"b2\"}}",
                // dotted keys, nulls, scalars where objects are expected
                "{" + BASE + ",\"userIdentity\":{\"type\":\"IAMUser\"},\"a.b\":{\"c\":1},\"a\":{\"b.c\":2,\"b\":null},"
                        + "\"x\":null,\"tags\":[\"k\",{\"k\":true}],\"requestParameters\":null}",
                "{" + BASE + ",\"userIdentity\":{\"type\":\"IAMUser\"},\"requestParameters\":\"userIdentity\"}");
        PathFilter filter = PathFilter.of(paths);
        for (String record : records) {
            CloudTrailEvent event = Events.one(record);
            for (String path : paths) {
                EventView full = new EventView(event);
                EventView lazy = new EventView(event, filter);
                assertEquals(full.values(path).toString(), lazy.values(path).toString(), path + " in " + record);
            }
            // one view asked for the paths one after another
            EventView lazy = new EventView(event, filter);
            for (String path : paths) {
                assertEquals(new EventView(event).values(path).toString(), lazy.values(path).toString(),
                        path + " in " + record);
            }
        }
    }
}
