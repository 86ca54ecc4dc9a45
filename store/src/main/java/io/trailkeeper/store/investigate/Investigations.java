package io.trailkeeper.store.investigate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of named investigations bundled with TrailKeeper: each one's name, title, what it answers, its
 * argument, options, sections and SQL. Read from {@code io/trailkeeper/store/investigations/catalogue.json}.
 */
public final class Investigations {
    private static final String CATALOGUE = "catalogue.json";

    private final Map<String, InvestigationSpec> byName;

    private Investigations(List<InvestigationSpec> specs) {
        Map<String, InvestigationSpec> map = new LinkedHashMap<>();
        for (InvestigationSpec s : specs) {
            if (map.put(s.name(), s) != null) {
                throw new IllegalStateException("the investigation catalogue names " + s.name() + " twice");
            }
        }
        this.byName = map;
    }

    /** The investigations TrailKeeper ships. */
    public static Investigations bundled() {
        return Holder.BUNDLED;
    }

    /** Every investigation, in the catalogue's order. */
    public List<InvestigationSpec> all() {
        return List.copyOf(byName.values());
    }

    /** The names, in the catalogue's order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The investigation of that name; IllegalArgumentException naming the known ones when there is none. */
    public InvestigationSpec get(String name) {
        InvestigationSpec spec = name == null ? null : byName.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (spec == null) {
            throw new IllegalArgumentException("there is no investigation '" + name + "'; the investigations are: "
                    + String.join(", ", byName.keySet()));
        }
        return spec;
    }

    private static final class Holder {
        static final Investigations BUNDLED = new Investigations(parse(SqlTemplate.read(CATALOGUE)));
    }

    static List<InvestigationSpec> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the investigation catalogue is not JSON", e);
        }
        List<InvestigationSpec> specs = new ArrayList<>();
        for (JsonNode n : root.path("investigations")) {
            List<InvestigationSpec.Section> sections = new ArrayList<>();
            for (JsonNode s : n.path("sections")) {
                sections.add(new InvestigationSpec.Section(text(s, "name"), text(s, "description"), strings(s, "sql"),
                        s.path("capped").asBoolean()));
            }
            Map<String, String> fragments = new LinkedHashMap<>();
            n.path("fragments").properties().forEach(f -> fragments.put(f.getKey(), f.getValue().asText()));
            List<String> options = strings(n, "options");
            for (String o : options) {
                if (!InvestigationSpec.OPTIONS.contains(o)) {
                    throw new IllegalStateException("the investigation catalogue gives " + text(n, "name")
                            + " an unknown option " + o);
                }
            }
            specs.add(new InvestigationSpec(text(n, "name"), text(n, "title"), text(n, "description"),
                    optional(n, "subject"), optional(n, "subjectDescription"), options,
                    n.path("defaultLimit").asInt(100), n.path("dataEvents").asBoolean(), strings(n, "scope"),
                    fragments, sections, strings(n, "examples")));
        }
        return specs;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalStateException("the investigation catalogue lacks '" + field + "' in " + n);
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : n.path(field)) {
            out.add(v.asText());
        }
        return out;
    }
}
