package io.trailkeeper.audit.fix;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of HCL's native syntax, as far as Terraform configuration written by hand or by the plan uses it:
 * blocks with labels, attributes, comments ({@code #}, {@code //}, {@code /* *}{@code /}), strings with escapes and
 * {@code ${...}} interpolation, heredocs, numbers, booleans, null, tuples, objects, references with attribute and
 * index steps, and function calls. Operators and conditionals are not used and are refused. Errors name the
 * line and column.
 */
final class HclParser {
    sealed interface Expr permits Literal, Template, Tuple, ObjectExpr, Traversal, Call {
    }

    /** A string, a BigDecimal, a Boolean or null. */
    record Literal(Object value) implements Expr {
    }

    /** A string with interpolations: parts are Strings or Exprs. */
    record Template(List<Object> parts) implements Expr {
    }

    record Tuple(List<Expr> items) implements Expr {
    }

    /** Keys are Literal strings (from a bare name or a quoted string) or, in parentheses, expressions. */
    record ObjectExpr(List<Map.Entry<Expr, Expr>> entries) implements Expr {
    }

    /** {@code root.step[index]...}: steps are Strings (attributes) or Exprs (indexes). */
    record Traversal(String root, List<Object> steps, int line) implements Expr {
    }

    record Call(String name, List<Expr> args, int line) implements Expr {
    }

    record Attribute(String name, Expr value, int line) {
    }

    record Block(String type, List<String> labels, Body body, int line) {
    }

    record Body(List<Attribute> attributes, List<Block> blocks) {
    }

    private final String s;
    private int pos;

    private HclParser(String text) {
        this.s = text;
    }

    static Body parse(String text) {
        HclParser p = new HclParser(text);
        Body body = p.body(false);
        if (p.pos < p.s.length()) {
            throw p.error("unexpected " + p.describe());
        }
        return body;
    }

    private Body body(boolean nested) {
        List<Attribute> attributes = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        while (true) {
            skipBlankLines();
            if (pos >= s.length() || nested && peek() == '}') {
                return new Body(attributes, blocks);
            }
            int line = line();
            String name = identifier();
            spaces();
            if (peek() == '=') {
                pos++;
                spaces();
                attributes.add(new Attribute(name, expression(), line));
                endOfLine();
            } else {
                List<String> labels = new ArrayList<>();
                while (peek() == '"' || isIdentifierStart(peek())) {
                    labels.add(peek() == '"' ? plainString() : identifier());
                    spaces();
                }
                expect('{');
                spaces();
                Body inner;
                if (peek() == '}') {
                    inner = new Body(List.of(), List.of());
                } else {
                    endOfLine();
                    inner = body(true);
                }
                expect('}');
                endOfLine();
                blocks.add(new Block(name, labels, inner, line));
            }
        }
    }

    private Expr expression() {
        Expr term = term();
        spaces();
        char c = peek();
        if ("+-*/%<>!?&|".indexOf(c) >= 0 || c == '=' && peekAt(1) == '=') {
            throw error("operators are not part of this parser's HCL");
        }
        return term;
    }

    private Expr term() {
        char c = peek();
        if (c == '"') {
            return template();
        }
        if (c == '<' && peekAt(1) == '<') {
            return heredoc();
        }
        if (c == '[') {
            return tuple();
        }
        if (c == '{') {
            return object();
        }
        if (c == '-' || Character.isDigit(c)) {
            int start = pos;
            pos++;
            while (pos < s.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E')) {
                pos++;
            }
            return new Literal(new BigDecimal(s.substring(start, pos)));
        }
        if (isIdentifierStart(c)) {
            int line = line();
            String name = identifier();
            switch (name) {
                case "true", "false" -> {
                    return new Literal(Boolean.valueOf(name));
                }
                case "null" -> {
                    return new Literal(null);
                }
                default -> {
                }
            }
            if (peek() == '(') {
                pos++;
                List<Expr> args = new ArrayList<>();
                skipWhitespace();
                while (peek() != ')') {
                    args.add(expression());
                    skipWhitespace();
                    if (peek() == ',') {
                        pos++;
                        skipWhitespace();
                    } else if (peek() != ')') {
                        throw error("expected , or ) in the arguments of " + name);
                    }
                }
                pos++;
                return new Call(name, args, line);
            }
            List<Object> steps = new ArrayList<>();
            while (peek() == '.' || peek() == '[') {
                if (peek() == '.') {
                    pos++;
                    steps.add(Character.isDigit(peek()) ? digits() : identifier());
                } else {
                    pos++;
                    skipWhitespace();
                    steps.add(expression());
                    skipWhitespace();
                    expect(']');
                }
            }
            return new Traversal(name, steps, line);
        }
        throw error("expected an expression, found " + describe());
    }

    private Expr tuple() {
        expect('[');
        List<Expr> items = new ArrayList<>();
        skipWhitespace();
        while (peek() != ']') {
            items.add(expression());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() != ']') {
                throw error("expected , or ] in a list");
            }
        }
        pos++;
        return new Tuple(items);
    }

    private Expr object() {
        expect('{');
        List<Map.Entry<Expr, Expr>> entries = new ArrayList<>();
        skipWhitespace();
        while (peek() != '}') {
            Expr key;
            if (peek() == '"') {
                key = template();
            } else if (peek() == '(') {
                pos++;
                key = expression();
                expect(')');
            } else {
                key = new Literal(identifier());
            }
            spaces();
            if (peek() != '=' && peek() != ':') {
                throw error("expected = after an object key");
            }
            pos++;
            spaces();
            entries.add(Map.entry(key, expression()));
            spaces();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                endOfLine();
            }
            skipWhitespace();
        }
        pos++;
        return new ObjectExpr(entries);
    }

    /** A quoted string with escapes and interpolations. */
    private Expr template() {
        expect('"');
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos >= s.length() || peek() == '\n') {
                throw error("a string is not closed");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case '"' -> text.append('"');
                    case '\\' -> text.append('\\');
                    case 'u' -> {
                        text.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("\\" + e + " is not an escape of HCL strings");
                }
            } else if ((c == '$' || c == '%') && peek() == '{') {
                interpolation(c, text, parts);
            } else if ((c == '$' || c == '%') && peek() == c && peekAt(1) == '{') {
                text.append(c).append('{');
                pos += 2;
            } else {
                text.append(c);
            }
        }
        if (!text.isEmpty() || parts.isEmpty()) {
            parts.add(text.toString());
        }
        return parts.size() == 1 && parts.get(0) instanceof String str ? new Literal(str) : new Template(parts);
    }

    private void interpolation(char kind, StringBuilder text, List<Object> parts) {
        if (kind == '%') {
            throw error("template directives (%{...}) are not used");
        }
        pos++;
        if (!text.isEmpty()) {
            parts.add(text.toString());
            text.setLength(0);
        }
        skipWhitespace();
        parts.add(expression());
        skipWhitespace();
        expect('}');
    }

    private Expr heredoc() {
        pos += 2;
        boolean indented = peek() == '-';
        if (indented) {
            pos++;
        }
        String marker = identifier();
        endOfLine();
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            int lineEnd = s.indexOf('\n', pos);
            if (lineEnd < 0) {
                throw error("the heredoc " + marker + " is not closed");
            }
            String line = s.substring(pos, lineEnd);
            if ((indented ? line.strip() : line).equals(marker)) {
                pos = lineEnd;
                break;
            }
            int end = lineEnd + 1;
            while (pos < end) {
                char c = s.charAt(pos++);
                if (c == '$' && peek() == '{') {
                    interpolation(c, text, parts);
                } else {
                    text.append(c);
                }
            }
        }
        parts.add(text.toString());
        return new Template(parts);
    }

    private String plainString() {
        Expr e = template();
        if (!(e instanceof Literal l) || !(l.value() instanceof String str)) {
            throw error("a block label cannot hold interpolations");
        }
        return str;
    }

    private String identifier() {
        if (!isIdentifierStart(peek())) {
            throw error("expected a name, found " + describe());
        }
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private String digits() {
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** Spaces and tabs, and a comment running to the end of the line. */
    private void spaces() {
        while (pos < s.length()) {
            char c = peek();
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '#' || c == '/' && peekAt(1) == '/') {
                while (pos < s.length() && peek() != '\n') {
                    pos++;
                }
            } else if (c == '/' && peekAt(1) == '*') {
                int end = s.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("a /* comment is not closed");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void skipWhitespace() {
        while (true) {
            spaces();
            if (peek() == '\n' || peek() == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipBlankLines() {
        skipWhitespace();
    }

    private void endOfLine() {
        spaces();
        if (pos < s.length() && peek() != '\n') {
            throw error("expected the end of the line, found " + describe());
        }
        if (pos < s.length()) {
            pos++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected " + c + ", found " + describe());
        }
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char peekAt(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
    }

    private String describe() {
        return pos >= s.length() ? "the end" : "'" + s.charAt(pos) + "'";
    }

    private int line() {
        int line = 1;
        for (int i = 0; i < pos && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private IllegalArgumentException error(String what) {
        int lineStart = s.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
        return new IllegalArgumentException("line " + line() + " column " + (pos - lineStart + 1) + ": " + what);
    }
}
