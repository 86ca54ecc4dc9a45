package io.trailkeeper.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;

/** CBOR bodies of the Smithy RPC v2 protocol, read into and written from Jackson trees. */
final class Cbor {
    static final String CONTENT_TYPE = "application/cbor";
    private static final CBORMapper MAPPER = new CBORMapper();

    private Cbor() {
    }

    /** The body as a tree: an empty object for an empty body; SerializationException when it is not a CBOR map. */
    static JsonNode read(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw AwsError.badRequest("SerializationException", "the request body is not valid CBOR");
        }
        if (tree == null || !tree.isObject()) {
            throw AwsError.badRequest("SerializationException", "the request body is not a CBOR map");
        }
        return tree;
    }

    static byte[] write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree could not be written as CBOR", e);
        }
    }
}
