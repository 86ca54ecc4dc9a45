package io.trailkeeper.detect;

import io.trailkeeper.detect.Detection.AllOf;
import io.trailkeeper.detect.Detection.And;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.Not;
import io.trailkeeper.detect.Detection.OneOf;
import io.trailkeeper.detect.Detection.Or;
import io.trailkeeper.detect.Detection.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Sigma condition: {@code and}, {@code or}, {@code not}, parentheses, {@code 1 of X*},
 * {@code all of X*}, {@code 1 of them}, {@code all of them}; precedence not &gt; and &gt; or. The legacy
 * aggregation ({@code | count() ...}) and {@code near} are not conditions: the caller splits them off first.
 */
final class ConditionParser {
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[^\\s()]+)");

    private final List<String> tokens;
    private int next;

    private ConditionParser(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The condition, or an {@link IllegalArgumentException} saying what is wrong with it. */
    static Condition parse(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int end = 0;
        while (m.find() && m.start() == end) {
            tokens.add(m.group(1));
            end = m.end();
        }
        if (!text.substring(end).isBlank()) {
            throw new IllegalArgumentException("unexpected text '" + text.substring(end).trim() + "'");
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty");
        }
        ConditionParser parser = new ConditionParser(tokens);
        Condition c = parser.or();
        if (parser.next < tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + tokens.get(parser.next) + "' at token "
                    + (parser.next + 1));
        }
        return c;
    }

    private Condition or() {
        List<Condition> operands = new ArrayList<>();
        operands.add(and());
        while (accept("or")) {
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Or(operands);
    }

    private Condition and() {
        List<Condition> operands = new ArrayList<>();
        operands.add(not());
        while (accept("and")) {
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new And(operands);
    }

    private Condition not() {
        if (accept("not")) {
            return new Not(not());
        }
        return primary();
    }

    private Condition primary() {
        String token = take("an identifier, 'not', '1 of', 'all of' or '('");
        if (token.equals("(")) {
            Condition inner = or();
            if (!accept(")")) {
                throw new IllegalArgumentException(next < tokens.size()
                        ? "expected ')' but found '" + tokens.get(next) + "'" : "missing ')'");
            }
            return inner;
        }
        if ((token.equals("1") || token.equalsIgnoreCase("all") || token.equalsIgnoreCase("any"))
                && next < tokens.size() && tokens.get(next).equalsIgnoreCase("of")) {
            next++;
            String target = take("a pattern or 'them' after 'of'");
            if (isKeyword(target) || target.equals("(") || target.equals(")")) {
                throw new IllegalArgumentException("expected a pattern or 'them' after 'of', found '" + target + "'");
            }
            String pattern = target.equalsIgnoreCase("them") ? "*" : target;
            return token.equalsIgnoreCase("all") ? new AllOf(pattern) : new OneOf(pattern);
        }
        if (token.matches("\\d+") && next < tokens.size() && tokens.get(next).equalsIgnoreCase("of")) {
            throw new IllegalArgumentException("'" + token + " of' is not supported: only '1 of' and 'all of'");
        }
        if (isKeyword(token) || token.equals(")") || token.equals("|")) {
            throw new IllegalArgumentException("unexpected '" + token + "'");
        }
        return new Ref(token);
    }

    private static boolean isKeyword(String token) {
        return token.equalsIgnoreCase("and") || token.equalsIgnoreCase("or") || token.equalsIgnoreCase("not")
                || token.equalsIgnoreCase("of");
    }

    private boolean accept(String token) {
        if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(token)) {
            next++;
            return true;
        }
        return false;
    }

    private String take(String expected) {
        if (next >= tokens.size()) {
            throw new IllegalArgumentException("expected " + expected + " at the end");
        }
        return tokens.get(next++);
    }
}
