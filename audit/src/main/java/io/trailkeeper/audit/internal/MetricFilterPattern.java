package io.trailkeeper.audit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.audit.IamPolicies;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CloudWatch Logs metric filter pattern, read well enough to tell whether it matches a given CloudTrail
 * record: JSON patterns ({@code { ($.eventName = StopLogging) || ($.eventName = DeleteTrail) }}) with
 * {@code && || ( )}, {@code = != < > <= >=}, quoted or bare values with {@code *} wildcards,
 * {@code IS TRUE/FALSE/NULL}, {@code NOT EXISTS}, and array indexes; and term patterns
 * ({@code "StopLogging"}, {@code ?A ?B}, {@code -C}) over the record's text. Space-delimited patterns
 * ({@code [a, b]}) are not read: {@link #matches} then answers false, and {@link #readable} says so.
 */
public final class MetricFilterPattern {
    private final String pattern;
    private final List<String> tokens;
    private int at;

    private MetricFilterPattern(String pattern) {
        this.pattern = pattern == null ? "" : pattern.trim();
        this.tokens = tokenize(this.pattern);
    }

    /** Whether the pattern is of a form this reader understands. */
    public static boolean readable(String pattern) {
        String p = pattern == null ? "" : pattern.trim();
        return !p.startsWith("[") && (!p.startsWith("{") || tryEvaluate(p, null) != null);
    }

    /** Whether a log event holding {@code record} (as CloudTrail writes it to CloudWatch Logs) matches. */
    public static boolean matches(String pattern, JsonNode record) {
        Boolean result = tryEvaluate(pattern == null ? "" : pattern.trim(), record);
        return Boolean.TRUE.equals(result);
    }

    private static Boolean tryEvaluate(String pattern, JsonNode record) {
        if (pattern.startsWith("[")) {
            return null;
        }
        if (!pattern.startsWith("{")) {
            return terms(pattern, record == null ? "" : record.toString());
        }
        try {
            MetricFilterPattern p = new MetricFilterPattern(pattern);
            p.expect("{");
            boolean value = p.or(record);
            p.expect("}");
            return p.at == p.tokens.size() ? value : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean terms(String pattern, String text) {
        if (pattern.isEmpty()) {
            return true;
        }
        boolean anyOptional = false;
        boolean optionalHit = false;
        for (String raw : pattern.split("\\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String term = raw;
            char sign = term.charAt(0) == '?' || term.charAt(0) == '-' ? term.charAt(0) : ' ';
            term = unquote(sign == ' ' ? term : term.substring(1));
            boolean found = text.toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT));
            if (sign == '-' && found || sign == ' ' && !found) {
                return false;
            }
            if (sign == '?') {
                anyOptional = true;
                optionalHit |= found;
            }
        }
        return !anyOptional || optionalHit;
    }

    private boolean or(JsonNode record) {
        boolean value = and(record);
        while (peek("||")) {
            at++;
            value |= and(record);
        }
        return value;
    }

    private boolean and(JsonNode record) {
        boolean value = term(record);
        while (peek("&&")) {
            at++;
            value &= term(record);
        }
        return value;
    }

    private boolean term(JsonNode record) {
        if (peek("(")) {
            at++;
            boolean value = or(record);
            expect(")");
            return value;
        }
        String selector = next();
        if (!selector.startsWith("$")) {
            throw new IllegalArgumentException("a selector starts with $: " + selector);
        }
        JsonNode node = record == null ? null : select(record, selector);
        String op = next();
        if (op.equalsIgnoreCase("IS")) {
            String what = next().toUpperCase(Locale.ROOT);
            return node != null && switch (what) {
                case "TRUE" -> node.isBoolean() && node.asBoolean();
                case "FALSE" -> node.isBoolean() && !node.asBoolean();
                case "NULL" -> node.isNull();
                default -> throw new IllegalArgumentException("IS " + what);
            };
        }
        if (op.equalsIgnoreCase("NOT")) {
            expectWord("EXISTS");
            return node == null;
        }
        if (op.equalsIgnoreCase("EXISTS")) {
            return node != null;
        }
        return compare(node, op, next());
    }

    private static boolean compare(JsonNode node, String op, String rawValue) {
        if (node == null || node.isContainerNode()) {
            return false;
        }
        boolean quoted = rawValue.startsWith("\"");
        String value = unquote(rawValue);
        if (!quoted && node.isNumber() && value.matches("-?[0-9.]+")) {
            int c = node.decimalValue().compareTo(new BigDecimal(value));
            return switch (op) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalArgumentException("operator " + op);
            };
        }
        boolean equal = IamPolicies.wildcard(value, node.asText());
        return switch (op) {
            case "=" -> equal;
            case "!=" -> !equal;
            default -> throw new IllegalArgumentException("operator " + op + " on text");
        };
    }

    private static JsonNode select(JsonNode record, String selector) {
        JsonNode node = record;
        for (String part : selector.substring(1).split("(?=[.\\[])")) {
            if (part.isEmpty()) {
                continue;
            }
            node = part.startsWith("[") ? node.path(Integer.parseInt(part.substring(1, part.length() - 1)))
                    : node.path(part.substring(1));
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node;
    }

    private static List<String> tokenize(String pattern) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ("{}()".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (pattern.startsWith("&&", i) || pattern.startsWith("||", i) || pattern.startsWith("!=", i)
                    || pattern.startsWith("<=", i) || pattern.startsWith(">=", i)) {
                out.add(pattern.substring(i, i + 2));
                i += 2;
            } else if ("=<>".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int end = pattern.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed quote");
                }
                out.add(pattern.substring(i, end + 1));
                i = end + 1;
            } else {
                int start = i;
                while (i < pattern.length() && !Character.isWhitespace(pattern.charAt(i))
                        && "{}()=<>!&|".indexOf(pattern.charAt(i)) < 0) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("unexpected " + c);
                }
                out.add(pattern.substring(start, i));
            }
        }
        return out;
    }

    private boolean peek(String token) {
        return at < tokens.size() && tokens.get(at).equals(token);
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException("pattern ends early: " + pattern);
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        if (!next().equals(token)) {
            throw new IllegalArgumentException("expected " + token + " in " + pattern);
        }
    }

    private void expectWord(String word) {
        if (!next().equalsIgnoreCase(word)) {
            throw new IllegalArgumentException("expected " + word + " in " + pattern);
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
