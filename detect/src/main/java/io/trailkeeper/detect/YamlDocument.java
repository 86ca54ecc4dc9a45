package io.trailkeeper.detect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * A YAML node with its line (1-based): the value is a {@code Map<String, YamlDocument>} (in file order), a
 * {@code List<YamlDocument>}, or a scalar (String, Long, BigDecimal, Boolean or null). Built from snakeyaml-engine's
 * node API so that every value keeps the line a message can point at.
 */
record YamlDocument(int line, Object value) {
    private static final java.util.regex.Pattern YAML11_FLOAT =
            java.util.regex.Pattern.compile("[-+]?[0-9]+\\.[0-9]*(?:[eE][-+][0-9]+)?");
    /** A float of YAML 1.1 (PyYAML) that the JSON schema reads as text: a point first, no sign (.5, .5e+3). */
    private static final java.util.regex.Pattern YAML11_POINT_FIRST =
            java.util.regex.Pattern.compile("\\.[0-9]+(?:[eE][-+][0-9]+)?");

    /** Thrown for YAML that cannot be read, with the line of the problem. */
    static final class YamlProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;

        YamlProblem(int line, String reason) {
            super(reason);
            this.line = line;
        }
    }

    /** All documents of a (possibly multi-document) YAML text; empty documents are skipped. */
    static List<YamlDocument> parseAll(String yaml) {
        List<YamlDocument> docs = new ArrayList<>();
        Compose compose = new Compose(LoadSettings.builder().setMaxAliasesForCollections(10).build());
        try {
            for (Node node : compose.composeAllFromString(yaml)) {
                docs.add(of(node));
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new YamlProblem(line, "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new YamlProblem(0, "not valid YAML: " + e.getMessage());
        }
        return docs;
    }

    private static YamlDocument of(Node node) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        if (node instanceof MappingNode mapping) {
            Map<String, YamlDocument> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                YamlDocument key = of(tuple.getKeyNode());
                if (key.value instanceof Map || key.value instanceof List) {
                    throw new YamlProblem(key.line, "a mapping key must be a plain value");
                }
                String name = String.valueOf(key.value);
                YamlDocument value = of(tuple.getValueNode());
                if (!value.isScalar()) {
                    // a block collection starts on the line after its key: messages point at the key
                    value = new YamlDocument(key.line, value.value);
                }
                if (map.put(name, value) != null) {
                    throw new YamlProblem(key.line, "duplicate key '" + name + "'");
                }
            }
            return new YamlDocument(line, map);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlDocument> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(of(item));
            }
            return new YamlDocument(line, list);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new YamlDocument(line, scalar(scalar));
    }

    private static Object scalar(ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.STR) && node.getScalarStyle() == ScalarStyle.PLAIN
                    && YAML11_POINT_FIRST.matcher(text).matches()) {
                return new BigDecimal(text);
            }
            if (tag.equals(Tag.BOOL)) {
                return Boolean.valueOf(text.toLowerCase(java.util.Locale.ROOT));
            }
            if (tag.equals(Tag.INT)) {
                BigInteger value = text.startsWith("0x") ? new BigInteger(text.substring(2), 16)
                        : text.startsWith("0o") ? new BigInteger(text.substring(2), 8) : new BigInteger(text);
                // past a long: still a number (|gt compares it), its digits kept
                return value.bitLength() < 64 ? (Object) value.longValue() : new BigDecimal(value);
            }
            if (tag.equals(Tag.FLOAT)) {
                // a float as Sigma's own tools read YAML (1.1: a point, an exponent only with its sign); 1e3 or
                // 1.5e3 is text there, and here, so that it matches the text 1e3 as pySigma's backends do
                if (!YAML11_FLOAT.matcher(text).matches()) {
                    return text;
                }
                // as written: 1.10 (CloudTrail's eventVersion) stays 1.10, where a double's text is 1.1
                return new BigDecimal(text);
            }
        } catch (NumberFormatException e) {
            return text;
        }
        return text;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isScalar() {
        return !isMap() && !isList();
    }

    @SuppressWarnings("unchecked")
    Map<String, YamlDocument> map() {
        return (Map<String, YamlDocument>) value;
    }

    @SuppressWarnings("unchecked")
    List<YamlDocument> list() {
        return (List<YamlDocument>) value;
    }

    /** The child under {@code key} of a mapping, or null. */
    YamlDocument get(String key) {
        return isMap() ? map().get(key) : null;
    }

    /** The text of a scalar child, or null when absent; a list or mapping there is a problem. */
    String text(String key) {
        YamlDocument child = get(key);
        if (child == null || child.value == null) {
            return null;
        }
        if (!child.isScalar()) {
            throw new YamlProblem(child.line, "'" + key + "' must be a single value");
        }
        return String.valueOf(child.value);
    }

    /** A scalar or a list of scalars as texts; empty when absent. */
    List<String> texts(String key) {
        YamlDocument child = get(key);
        if (child == null || child.value == null) {
            return List.of();
        }
        if (child.isScalar()) {
            return List.of(String.valueOf(child.value));
        }
        if (child.isMap()) {
            throw new YamlProblem(child.line, "'" + key + "' must be a value or a list of values");
        }
        List<String> out = new ArrayList<>();
        for (YamlDocument item : child.list()) {
            if (!item.isScalar()) {
                throw new YamlProblem(item.line, "'" + key + "' must be a list of plain values");
            }
            out.add(String.valueOf(item.value));
        }
        return out;
    }

    /** This mapping with {@code overlay}'s entries merged in (mappings deeply, anything else replaced). */
    YamlDocument merged(YamlDocument overlay) {
        if (!isMap() || !overlay.isMap()) {
            return overlay;
        }
        Map<String, YamlDocument> out = new LinkedHashMap<>(map());
        overlay.map().forEach((k, v) -> out.merge(k, v, YamlDocument::merged));
        return new YamlDocument(overlay.line, out);
    }
}
