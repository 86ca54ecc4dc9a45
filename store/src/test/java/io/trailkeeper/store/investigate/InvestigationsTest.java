package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue, its SQL files and the code agree: nothing listed is missing, nothing present is unused. */
class InvestigationsTest {
    private static final Path FOLDER = Path.of("src/main/resources/io/trailkeeper/store/investigations");

    @Test
    void everyInvestigationIsDocumentedWithAnExampleOfItself() {
        List<InvestigationSpec> all = Investigations.bundled().all();
        assertFalse(all.isEmpty());
        for (InvestigationSpec s : all) {
            assertFalse(s.title().isBlank(), s.name());
            assertTrue(s.description().length() > 80, s.name() + " needs a description that says what it answers");
            assertEquals(s.subject() == null, s.subjectDescription() == null, s.name());
            assertFalse(s.examples().isEmpty(), s.name());
            for (String e : s.examples()) {
                assertTrue(e.startsWith("trailkeeper investigate " + s.name()), e);
            }
            assertFalse(s.sections().isEmpty(), s.name());
            assertEquals(s.sections().size(), s.sections().stream().map(InvestigationSpec.Section::name).distinct()
                    .count(), s.name() + " names a section twice");
        }
    }

    @Test
    void everySqlFileIsUsedAndEveryFileUsedExistsAndLoads() throws IOException {
        Set<String> used = new HashSet<>();
        for (InvestigationSpec s : Investigations.bundled().all()) {
            for (boolean allTime : List.of(true, false)) {
                for (boolean listed : List.of(true, false)) {
                    // the S3 list read or not, whichever the destructive one is
                    Map<String, String> fragments = Context.fragments(s, allTime, listed, listed == allTime, listed,
                            listed);
                    if (listed) {
                        // the variant a scope takes when its first step found rows of the lake
                        fragments.put("found_window", Context.LAKE_FOUND_WINDOW);
                    }
                    Stream.concat(s.scope().stream(), s.sections().stream().flatMap(x -> x.sql().stream()))
                            .forEach(f -> {
                                SqlTemplate t = SqlTemplate.load(f, fragments);
                                assertFalse(t.sql().contains("{{"), f);
                                used.add(f);
                                used.addAll(fragmentsOf(f, fragments));
                            });
                }
            }
        }
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(present::add);
        }
        assertEquals(present, used, "SQL files and the catalogue disagree");
    }

    private static Set<String> fragmentsOf(String file, Map<String, String> fragments) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("\\{\\{\\s*([a-z0-9_]+)\\s*}}").matcher(SqlTemplate.read(file));
        while (m.find()) {
            String f = fragments.getOrDefault(m.group(1), m.group(1).replace('_', '-') + ".sql");
            out.add(f);
            out.addAll(fragmentsOf(f, fragments));
        }
        return out;
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Investigations.bundled().get("whodunnit"));
        assertEquals("there is no investigation 'whodunnit'; the investigations are: "
                + String.join(", ", Investigations.bundled().names()), e.getMessage());
        assertEquals("key", Investigations.bundled().get(" KEY ").name());
    }

    @Test
    void userValuesAreBoundNeverWritten() {
        SqlTemplate t = SqlTemplate.load("who-deleted-find.sql",
                Context.fragments(Investigations.bundled().get("who-deleted"), false, true, true, true, false));
        assertFalse(t.sql().contains("$"), t.sql());
        assertTrue(t.parameters().containsAll(List.of("subject", "since", "until", "is_prefix")), t.parameters()
                .toString());
        assertEquals(t.parameters().size(), t.sql().chars().filter(c -> c == '?').count());
    }
}
