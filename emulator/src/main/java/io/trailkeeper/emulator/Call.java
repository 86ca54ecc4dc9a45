package io.trailkeeper.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.EventTimes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One AWS API call as the emulator sees it: which service, region and operation, in which wire protocol,
 * with its parameters, and how to answer it in that protocol.
 *
 * <p>Region and service come from the SigV4 credential scope ({@code Credential=AKID/DATE/REGION/SERVICE/
 * aws4_request}), as AWS itself routes nothing by host name here: one endpoint serves every region and
 * service. Signatures are not checked; tests sign with made-up keys.
 */
final class Call {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The wire protocols the emulator speaks; each renders errors its own way. */
    enum Protocol {
        /** awsJson 1.0/1.1: {@code X-Amz-Target: Prefix.Operation}, errors as {@code {"__type":...}}. */
        JSON,
        /** awsQuery (STS, IAM): form parameters, XML answers, errors in {@code <ErrorResponse>}. */
        QUERY,
        /** ec2Query: like awsQuery, with errors in {@code <Response><Errors>}. */
        EC2,
        /** Smithy RPC v2 CBOR (CloudWatch): {@code POST /service/S/operation/OP}, CBOR bodies both ways. */
        CBOR,
        /** REST with XML (S3, S3 Control): the operation is the method, path and query; errors as {@code <Error>}. */
        REST_XML
    }

    private final WireRequest request;
    private final Protocol protocol;
    private final String service;
    private final String region;
    private final String accessKeyId;
    private final String operation;
    private final String requestId = UUID.randomUUID().toString();
    private Map<String, String> params;
    private JsonNode json;

    private Call(WireRequest request, Protocol protocol, String service, String region, String accessKeyId,
                 String operation) {
        this.request = request;
        this.protocol = protocol;
        this.service = service;
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.operation = operation;
    }

    /**
     * Reads a request's routing. A request without a credential scope (unsigned, or signed some other way)
     * is still returned, with service and region null, so that it can be refused in its own protocol.
     */
    static Call of(WireRequest request) {
        String[] scope = credentialScope(request);
        String service = scope == null ? null : scope[3];
        String region = scope == null ? null : scope[2];
        String accessKeyId = scope == null ? null : scope[0];
        String target = request.header("x-amz-target");
        if (target != null) {
            int dot = target.lastIndexOf('.');
            return new Call(request, Protocol.JSON, service, region, accessKeyId, target.substring(dot + 1));
        }
        if ("rpc-v2-cbor".equals(request.header("smithy-protocol"))) {
            int at = request.path().lastIndexOf("/operation/");
            return new Call(request, Protocol.CBOR, service, region, accessKeyId,
                    at < 0 ? null : request.path().substring(at + "/operation/".length()));
        }
        if ("s3".equals(service)) {
            return new Call(request, Protocol.REST_XML, service, region, accessKeyId, S3Api.operationOf(request));
        }
        Protocol protocol = "ec2".equals(service) ? Protocol.EC2 : Protocol.QUERY;
        Call call = new Call(request, protocol, service, region, accessKeyId, null);
        String action = call.param("Action");
        return action == null ? call : new Call(request, protocol, service, region, accessKeyId, action);
    }

    /** {@code [accessKeyId, date, region, service, "aws4_request"]} from the header or a presigned URL, or null. */
    private static String[] credentialScope(WireRequest request) {
        String credential = null;
        String authorization = request.header("authorization");
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            if (at >= 0) {
                int end = at + "Credential=".length();
                while (end < authorization.length() && authorization.charAt(end) != ','
                        && !Character.isWhitespace(authorization.charAt(end))) {
                    end++;
                }
                credential = authorization.substring(at + "Credential=".length(), end);
            }
        } else {
            credential = WireRequest.formParameters(request.query()).get("X-Amz-Credential");
        }
        if (credential == null) {
            return null;
        }
        String[] parts = credential.split("/");
        return parts.length == 5 && !parts[2].isEmpty() && !parts[3].isEmpty() ? parts : null;
    }

    Protocol protocol() {
        return protocol;
    }

    /** The signing name from the credential scope ({@code cloudtrail}, {@code ec2}, {@code sts}), or null. */
    String service() {
        return service;
    }

    /** The region from the credential scope, or null. */
    String region() {
        return region;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    /** The operation: the X-Amz-Target's last part, or the Action parameter; null when neither is there. */
    String operation() {
        return operation;
    }

    String method() {
        return request.method();
    }

    /** The request path, still URL-encoded. */
    String path() {
        return request.path();
    }

    String header(String name) {
        return request.header(name);
    }

    /** A query parameter, from the query string or the form body. */
    String param(String name) {
        if (params == null) {
            params = WireRequest.formParameters(request.query());
            String contentType = request.header("content-type");
            if (request.body().length > 0 && (contentType == null
                    || contentType.startsWith("application/x-www-form-urlencoded"))) {
                params.putAll(WireRequest.formParameters(request.bodyText()));
            }
        }
        return params.get(name);
    }

    /** The JSON body (an empty object when there is none); SerializationException when it is not JSON. */
    JsonNode json() {
        if (json == null) {
            byte[] body = request.body();
            if (body.length == 0) {
                json = JSON.createObjectNode();
            } else {
                try {
                    json = JSON.readTree(body);
                } catch (IOException e) {
                    throw AwsError.badRequest("SerializationException", "the request body is not valid JSON");
                }
                if (json == null || !json.isObject()) {
                    throw AwsError.badRequest("SerializationException", "the request body is not a JSON object");
                }
            }
        }
        return json;
    }

    /**
     * A timestamp member of a JSON request: epoch seconds as a number (possibly fractional), as the SDKs and
     * the CLI send them; ISO-8601 text is accepted too. Null when absent.
     */
    static Instant timestamp(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        Instant time = value.isNumber() ? EventTimes.fromEpochSeconds(value.decimalValue().toPlainString())
                : EventTimes.parse(value.asText());
        if (time == null) {
            throw AwsError.badRequest("SerializationException", member + " is not a timestamp: " + value);
        }
        return time;
    }

    /** A 200 with a JSON body, in the request's JSON version. */
    WireResponse ok(JsonNode body) {
        try {
            return ok(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    WireResponse ok(byte[] jsonBody) {
        return WireResponse.of(200, jsonContentType(), jsonBody).withHeader("x-amzn-RequestId", requestId);
    }

    /** The CBOR body of an RPC v2 call as a tree (an empty object when there is none). */
    JsonNode cbor() {
        if (json == null) {
            json = Cbor.read(request.body());
        }
        return json;
    }

    /** A 200 with a CBOR body, as RPC v2 answers. */
    WireResponse okCbor(JsonNode body) {
        return WireResponse.of(200, Cbor.CONTENT_TYPE, Cbor.write(body)).withHeader("smithy-protocol", "rpc-v2-cbor")
                .withHeader("x-amzn-RequestId", requestId);
    }

    /** A 200 with a REST XML document (S3), or with {@code contentType} for S3's raw payloads (a policy). */
    WireResponse okRest(String contentType, String body) {
        return WireResponse.of(200, contentType, body).withHeader("x-amz-request-id", requestId)
                .withHeader("x-amz-id-2", Identities.secret("host " + requestId, 56));
    }

    /** A 200 with a query-protocol XML document. */
    WireResponse okXml(String xml) {
        return WireResponse.of(200, "text/xml;charset=UTF-8", xml).withHeader("x-amzn-RequestId", requestId);
    }

    String requestId() {
        return requestId;
    }

    /** The error in the call's protocol, shaped as the SDKs and the CLI parse it. */
    WireResponse error(AwsError e) {
        return switch (protocol) {
            case JSON -> {
                ObjectNode body = JSON.createObjectNode().put("__type", e.code()).put("message", e.getMessage());
                yield WireResponse.of(e.status(), jsonContentType(), body.toString().getBytes(StandardCharsets.UTF_8))
                        .withHeader("x-amzn-RequestId", requestId)
                        .withHeader("x-amzn-ErrorType", e.code());
            }
            case QUERY -> {
                Xml xml = new Xml().open("ErrorResponse", "https://sts.amazonaws.com/doc/2011-06-15/").open("Error")
                        .element("Type", e.senderFault() ? "Sender" : "Receiver").element("Code", e.code())
                        .element("Message", e.getMessage()).close("Error").element("RequestId", requestId)
                        .close("ErrorResponse");
                yield WireResponse.of(e.status(), "text/xml;charset=UTF-8", xml.toString())
                        .withHeader("x-amzn-RequestId", requestId);
            }
            case EC2 -> {
                Xml xml = new Xml().open("Response").open("Errors").open("Error").element("Code", e.code())
                        .element("Message", e.getMessage()).close("Error").close("Errors")
                        .element("RequestID", requestId).close("Response");
                yield WireResponse.of(e.status(), "text/xml;charset=UTF-8", xml.toString());
            }
            case CBOR -> {
                ObjectNode body = JSON.createObjectNode().put("__type", e.code()).put("message", e.getMessage());
                WireResponse out = WireResponse.of(e.status(), Cbor.CONTENT_TYPE, Cbor.write(body))
                        .withHeader("smithy-protocol", "rpc-v2-cbor").withHeader("x-amzn-RequestId", requestId);
                // a query-compatible service (CloudWatch) also names the error as its query protocol did
                yield "true".equals(request.header("x-amzn-query-mode"))
                        ? out.withHeader("x-amzn-query-error", e.code() + ";" + (e.senderFault() ? "Sender" : "Receiver"))
                        : out;
            }
            case REST_XML -> {
                // S3 answers a bare <Error>; S3 Control wraps it in <ErrorResponse>, as the query protocols do
                boolean control = request.path().startsWith(S3ControlApi.PREFIX);
                Xml xml = new Xml();
                if (control) {
                    xml.open("ErrorResponse");
                }
                xml.open("Error").element("Code", e.code()).element("Message", e.getMessage());
                if (control) {
                    xml.close("Error").element("RequestId", requestId).close("ErrorResponse");
                } else {
                    xml.element("RequestId", requestId).close("Error");
                }
                yield WireResponse.of(e.status(), "application/xml", xml.toString())
                        .withHeader("x-amz-request-id", requestId);
            }
        };
    }

    private String jsonContentType() {
        String contentType = request.header("content-type");
        return contentType != null && contentType.startsWith("application/x-amz-json-1.0")
                ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }
}
