package io.trailkeeper.detect;

import io.trailkeeper.detect.Detection.AllOf;
import io.trailkeeper.detect.Detection.And;
import io.trailkeeper.detect.Detection.Condition;
import io.trailkeeper.detect.Detection.FieldGroup;
import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.Detection.Not;
import io.trailkeeper.detect.Detection.OneOf;
import io.trailkeeper.detect.Detection.Or;
import io.trailkeeper.detect.Detection.Ref;
import io.trailkeeper.detect.Detection.Search;
import io.trailkeeper.detect.FieldValues.FieldTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A detection compiled into one test over an event, and what it needs of a field ({@link #required}) so that
 * the engine can skip it for events it cannot match.
 */
final class CompiledDetection {
    private CompiledDetection() {
    }

    static FieldTest compile(Detection d) {
        return condition(d.condition(), d.searches());
    }

    private static FieldTest condition(Condition c, Map<String, Search> searches) {
        if (c instanceof And and) {
            FieldTest[] parts = and.operands().stream().map(o -> condition(o, searches)).toArray(FieldTest[]::new);
            return e -> {
                for (FieldTest t : parts) {
                    if (!t.test(e)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (c instanceof Or or) {
            FieldTest[] parts = or.operands().stream().map(o -> condition(o, searches)).toArray(FieldTest[]::new);
            return any(parts);
        }
        if (c instanceof Not not) {
            FieldTest inner = condition(not.operand(), searches);
            return e -> !inner.test(e);
        }
        if (c instanceof Ref ref) {
            return search(searches.get(ref.name()));
        }
        return condition(expand(c, searches), searches);
    }

    /** {@code 1 of X*} as an OR of the identifiers it names, {@code all of X*} as their AND. */
    static Condition expand(Condition c, Map<String, Search> searches) {
        String pattern = c instanceof OneOf one ? one.pattern() : ((AllOf) c).pattern();
        List<Condition> refs = new ArrayList<>();
        for (String name : searches.keySet()) {
            if (Names.matches(pattern, name)) {
                refs.add(new Ref(name));
            }
        }
        return c instanceof OneOf ? new Or(refs) : new And(refs);
    }

    private static FieldTest any(FieldTest[] parts) {
        return e -> {
            for (FieldTest t : parts) {
                if (t.test(e)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static FieldTest search(Search s) {
        if (s.isKeywords()) {
            List<StringPattern> patterns = s.keywords().stream()
                    .map(k -> StringPattern.of(String.valueOf(k), true, true, false)).toList();
            boolean all = s.allKeywords();
            return e -> {
                List<String> values = e.valueTexts();
                for (StringPattern p : patterns) {
                    boolean found = false;
                    for (int i = 0; i < values.size() && !found; i++) {
                        found = p.test(values.get(i));
                    }
                    if (found != all) {
                        return found;
                    }
                }
                return all;
            };
        }
        FieldTest[] groups = new FieldTest[s.alternatives().size()];
        for (int i = 0; i < groups.length; i++) {
            FieldGroup g = s.alternatives().get(i);
            // all must hold and each is a pure test: the cheap ones (fields the reader typed, no regex) first
            FieldTest[] matches = g.matches().stream().sorted(java.util.Comparator.comparingInt(CompiledDetection::cost))
                    .map(FieldValues::compile).toArray(FieldTest[]::new);
            groups[i] = e -> {
                for (FieldTest t : matches) {
                    if (!t.test(e)) {
                        return false;
                    }
                }
                return true;
            };
        }
        return any(groups);
    }

    private static int cost(FieldMatch m) {
        int cost = EventView.typedPath(m.field()) ? 0 : 2;
        if (m.has(Modifier.RE) || m.has(Modifier.FIELDREF) || m.has(Modifier.EXISTS)) {
            cost++;
        }
        return cost;
    }

    /**
     * Values (lower case) of which the field must have one for the detection to match, or null when that
     * cannot be told: the engine looks rules up by eventName and eventSource with this.
     */
    static Set<String> required(Detection d, String field) {
        return required(d.condition(), d.searches(), field);
    }

    private static Set<String> required(Condition c, Map<String, Search> searches, String field) {
        if (c instanceof OneOf || c instanceof AllOf) {
            return required(expand(c, searches), searches, field);
        }
        if (c instanceof And and) {
            Set<String> best = null;
            for (Condition o : and.operands()) {
                Set<String> r = required(o, searches, field);
                if (r != null && (best == null || r.size() < best.size())) {
                    best = r;
                }
            }
            return best;
        }
        if (c instanceof Or or) {
            Set<String> union = new HashSet<>();
            for (Condition o : or.operands()) {
                Set<String> r = required(o, searches, field);
                if (r == null) {
                    return null;
                }
                union.addAll(r);
            }
            return or.operands().isEmpty() ? null : union;
        }
        if (c instanceof Ref ref) {
            return required(searches.get(ref.name()), field);
        }
        return null;
    }

    private static Set<String> required(Search s, String field) {
        if (s.isKeywords()) {
            return null;
        }
        Set<String> union = new HashSet<>();
        for (FieldGroup g : s.alternatives()) {
            Set<String> values = null;
            for (FieldMatch m : g.matches()) {
                if (m.field().equals(field) && m.modifiers().isEmpty() && !m.values().isEmpty()) {
                    values = exactValues(m);
                    if (values != null) {
                        break;
                    }
                }
            }
            if (values == null) {
                return null;
            }
            union.addAll(values);
        }
        return union;
    }

    private static Set<String> exactValues(FieldMatch m) {
        Set<String> out = new HashSet<>();
        for (Object v : m.values()) {
            String literal = v instanceof String s ? StringPattern.of(s, false, false, false).exactLiteral() : null;
            if (literal == null) {
                return null;
            }
            out.add(literal.toLowerCase(Locale.ROOT));
        }
        return m.modifiers().contains(Modifier.ALL) ? null : out;
    }
}
