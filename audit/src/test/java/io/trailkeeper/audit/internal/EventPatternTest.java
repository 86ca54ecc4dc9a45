package io.trailkeeper.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventPatternTest {
    private static final String EVENT = """
            {"source":"aws.cloudtrail","detail-type":"AWS API Call via CloudTrail","region":"us-east-1",
             "detail":{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
                       "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory"},
                       "tags":["a","b"],"errorCode":null,"count":3}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"source":["aws.cloudtrail"]}                                                     | true
            {"source":["aws.s3"]}                                                             | false
            {"detail":{"eventName":["DeleteTrail","StopLogging"]}}                            | true
            {"detail":{"eventName":[{"prefix":"Stop"}]}}                                      | true
            {"detail":{"eventName":[{"suffix":"Trail"}]}}                                     | false
            {"detail":{"eventName":[{"anything-but":"StartLogging"}]}}                        | true
            {"detail":{"eventName":[{"anything-but":["StopLogging","DeleteTrail"]}]}}         | false
            {"detail":{"eventName":[{"anything-but":{"prefix":"Start"}}]}}                    | true
            {"detail":{"eventName":[{"equals-ignore-case":"stoplogging"}]}}                   | true
            {"detail":{"userIdentity":{"arn":[{"wildcard":"arn:aws:iam::*:user/*"}]}}}        | true
            {"detail":{"errorCode":[{"exists":false}]}}                                       | true
            {"detail":{"missing":[{"exists":false}]}}                                         | true
            {"detail":{"eventName":[{"exists":true}]}}                                        | true
            {"detail":{"tags":["b"]}}                                                         | true
            {"detail":{"count":[3]}}                                                          | true
            {"detail":{"count":[{"numeric":[">",2]}]}}                                        | false
            {"detail":{"userIdentity":["IAMUser"]}}                                           | false
            {"$or":[{"source":["aws.s3"]},{"detail":{"eventName":["StopLogging"]}}]}          | true
            {"$or":[{"source":["aws.s3"]},{"detail":{"eventName":["DeleteTrail"]}}]}          | false
            not json                                                                          | false
            """)
    void matches(String pattern, boolean expected) throws IOException {
        JsonNode event = new ObjectMapper().readTree(EVENT);
        assertEquals(expected, EventPattern.matches(pattern, event));
    }
}
