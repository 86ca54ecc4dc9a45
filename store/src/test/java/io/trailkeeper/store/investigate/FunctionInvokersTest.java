package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serverless backdoor (drill 14): a function whose role is admin, its URL opened to anyone, was invoked from a VPS
 * and read secrets with its role's session. key on that session's key said it was issued by lambda.amazonaws.com and
 * stopped there: the session's calls come from Lambda's own addresses, and who ran the function, from where (the
 * anonymous InvokeFunctionUrl data events from 45.137.21.9), was in no answer. It is told now, per function: the
 * invocations over the session's calls and the 15 minutes before; another function's, and this one's hours before,
 * are not counted.
 */
class FunctionInvokersTest {
    private static final String ACCOUNT = "111122223333";
    private static final String KEY = "ASIARUJFRN6OXHDXFFVZ";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:ops-admin-tool";

    @TempDir
    Path dir;

    private static String record(String time, String id, String identity, String source, String name, String ip,
                                 String params, String response, String category) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"" + ip + "\",\"requestParameters\":" + params
                + ",\"responseElements\":" + response + ",\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":" + category.equals("Management")
                + ",\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"" + category + "\"}";
    }

    private static String invoke(String time, String id, String identity, String ip, String function, String name) {
        return record(time, id, identity, "lambda.amazonaws.com", name, ip, "{\"functionName\":\"" + function + "\"}",
                "null", "Data").replace("\"eventCategory\"", "\"resources\":[{\"accountId\":\"" + ACCOUNT + "\","
                + "\"type\":\"AWS::Lambda::Function\",\"ARN\":\"" + function + "\"}],\"eventCategory\"");
    }

    private static List<String> backdoor() {
        String lambda = "{\"type\":\"AWSService\",\"invokedBy\":\"lambda.amazonaws.com\"}";
        String anonymous = "{\"type\":\"AWSAccount\",\"principalId\":\"\",\"accountId\":\"ANONYMOUS_PRINCIPAL\"}";
        String gateway = "{\"type\":\"AWSService\",\"invokedBy\":\"apigateway.amazonaws.com\"}";
        String session = "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:ops-admin-tool\",\"arn\":"
                + "\"arn:aws:sts::" + ACCOUNT + ":assumed-role/ops-admin-lambda-role/ops-admin-tool\",\"accountId\":\""
                + ACCOUNT + "\",\"accessKeyId\":\"" + KEY + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":"
                + "\"Role\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":role/ops-admin-lambda-role\",\"accountId\":\""
                + ACCOUNT + "\",\"userName\":\"ops-admin-lambda-role\"}}}";
        List<String> lines = List.of(
                invoke("2026-11-23T00:10:00Z", "early", anonymous, "45.137.21.9", FUNCTION, "InvokeFunctionUrl"),
                invoke("2026-11-23T02:31:01Z", "url-1", anonymous, "45.137.21.9", FUNCTION, "InvokeFunctionUrl"),
                record("2026-11-23T02:31:02Z", "assume", lambda, "sts.amazonaws.com", "AssumeRole",
                        "lambda.amazonaws.com", "{\"roleArn\":\"arn:aws:iam::" + ACCOUNT
                                + ":role/ops-admin-lambda-role\",\"roleSessionName\":\"ops-admin-tool\"}",
                        "{\"credentials\":{\"accessKeyId\":\"" + KEY + "\"}}", "Management"),
                invoke("2026-11-23T02:32:00Z", "api-1", gateway, "apigateway.amazonaws.com",
                        "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:orders-api", "Invoke"),
                record("2026-11-23T02:33:10Z", "secret-1", session, "secretsmanager.amazonaws.com", "GetSecretValue",
                        "44.202.9.71", "{\"secretId\":\"prod/stripe/api-key\"}", "null", "Management"),
                invoke("2026-11-23T02:35:01Z", "url-2", anonymous, "45.137.21.9", FUNCTION, "InvokeFunctionUrl"),
                record("2026-11-23T02:37:00Z", "secret-2", session, "secretsmanager.amazonaws.com", "GetSecretValue",
                        "44.202.9.71", "{\"secretId\":\"prod/jwt/signing-key\"}", "null", "Management"));
        return lines;
    }

    private List<String> told(List<String> lines) throws Exception {
        Path file = dir.resolve("backdoor.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("backdoor.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY));
            return r.notes().stream().filter(n -> n.contains("execution role")).toList();
        }
    }

    @Test
    void theInvocationsOfTheFunctionWhoseRoleSessionMadeTheCallsAreTold() throws Exception {
        List<String> told = told(backdoor());
        assertEquals(List.of("key " + KEY + " acted as Lambda function ops-admin-tool's execution role (sessions"
                    + " Lambda issued, named after the function): those calls are the function's code at work, and its"
                    + " invocations meanwhile were InvokeFunctionUrl x2 by ANONYMOUS_PRINCIPAL from 45.137.21.9"
                    + " (2026-11-23T02:31:01Z to 2026-11-23T02:35:01Z) (investigate timeline --ip ADDRESS tells what"
                    + " else came from one)"), told);
    }

    /** The trail logged no Lambda data events: the function's role session was said nothing of, as if none ran it. */
    @Test
    void aFunctionWithNoInvocationInTheStoreIsSaidCouldNotBeTold() throws Exception {
        List<String> told = told(backdoor().stream().filter(l -> !l.contains("\"eventCategory\":\"Data\"")).toList());
        assertEquals(List.of("key " + KEY + " acted as Lambda function ops-admin-tool's execution role (sessions"
                + " Lambda issued, named after the function): those calls are the function's code at work, and who"
                + " invoked it then cannot be told from the store: it holds no Invoke or InvokeFunctionUrl data event"
                + " of the function while the sessions were used (a trail that does not log Lambda data events records"
                + " none; trailkeeper coverage says which it logged)"), told);
    }
}
