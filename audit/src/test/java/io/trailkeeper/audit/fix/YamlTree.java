package io.trailkeeper.audit.fix;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read by a real YAML parser (Jackson's, over SnakeYAML) into nodes that keep what CloudFormation
 * needs and plain JSON trees lose: the tag of each node ({@code !Ref}, {@code !GetAtt}) and its line.
 */
final class YamlTree {
    /** A node: a map (ordered), a list or a scalar; {@code tag} without its "!", or null. */
    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        String tag();
    }

    record MapNode(Map<String, Node> entries, String tag, int line) implements Node {
    }

    record ListNode(List<Node> items, String tag, int line) implements Node {
    }

    /** A scalar; {@code kind} tells a string from a number, a boolean or null as YAML typed it. */
    record Scalar(String text, Kind kind, String tag, int line) implements Node {
        enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, NULL }
    }

    private YamlTree() {
    }

    static Node parse(String yaml) {
        try (YAMLParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("the YAML document is empty");
            }
            return node(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
    }

    private static Node node(YAMLParser p) throws IOException {
        String tag = p.getTypeId();
        int line = p.currentLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    p.nextToken();
                    if (entries.put(key, node(p)) != null) {
                        throw new IllegalArgumentException("line " + p.currentLocation().getLineNr()
                                + ": the key " + key + " appears twice");
                    }
                }
                return new MapNode(entries, tag, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p));
                }
                return new ListNode(items, tag, line);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), Scalar.Kind.STRING, tag, line);
            }
            case VALUE_NUMBER_INT -> {
                return new Scalar(p.getText(), Scalar.Kind.INTEGER, tag, line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getText(), Scalar.Kind.NUMBER, tag, line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(p.getText(), Scalar.Kind.BOOLEAN, tag, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, Scalar.Kind.NULL, tag, line);
            }
            default -> throw new IllegalArgumentException("line " + line + ": unexpected " + t);
        }
    }
}
