package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ResourceArnTest {
    @Test
    void theBareNameIsWhatTheRecordsOfItsServiceCarry() {
        assertEquals(new ResourceArn("iam", "", "123456789012", "Admin"),
                ResourceArn.parse("arn:aws:iam::123456789012:role/Admin"));
        assertEquals("bob", ResourceArn.parse("arn:aws:iam::123456789012:user/division/bob").name());
        assertEquals("i-0abc", ResourceArn.parse("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc").name());
        assertEquals("", ResourceArn.parse("arn:aws:ec2:eu-west-1::snapshot/snap-1").account());
        assertEquals("f", ResourceArn.parse("arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST").name());
        assertEquals("/aws/x", ResourceArn.parse("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/x:*").name());
        assertEquals("topic", ResourceArn.parse("arn:aws:sns:eu-west-1:123456789012:topic").name());
        assertEquals("iam.amazonaws.com", ResourceArn.parse("arn:aws:iam::123456789012:role/Admin").eventSource());
        assertEquals("monitoring.amazonaws.com",
                ResourceArn.parse("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a").eventSource());
    }

    @Test
    void s3ArnsAndNamesAreNotSplit() {
        assertNull(ResourceArn.parse("arn:aws:s3:::bucket/key"));
        assertNull(ResourceArn.parse("bucket"));
        assertNull(ResourceArn.parse("arn:aws:iam::123456789012:"));
    }
}
