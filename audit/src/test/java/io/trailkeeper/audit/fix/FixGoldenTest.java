package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What users deploy is pinned by golden files in src/test/resources/fix/golden, one per situation and format.
 * After changing a plan on purpose, rewrite them with
 * {@code mvn -pl audit test -Dtest='io.trailkeeper.audit.fix.*Test' -Dgolden.update=true} and review the diff.
 */
class FixGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/fix/golden");

    static List<Arguments> renderings() {
        List<Arguments> out = new ArrayList<>();
        for (Situations s : Situations.values()) {
            for (FixPlan.Format f : FixPlan.Format.values()) {
                out.add(Arguments.of(s, f));
            }
        }
        return out;
    }

    static Path golden(Situations situation, FixPlan.Format format) {
        return GOLDEN.resolve(situation.name + "." + format.extension());
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void renderingMatchesItsGoldenFile(Situations situation, FixPlan.Format format) throws Exception {
        String text = situation.plan().render(format);
        Path golden = golden(situation, format);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text);
        }
        assertEquals(Files.readString(golden), text, "the " + format + " plan for " + situation.name
                + " changed; see the class comment to update");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void renderingIsRepeatable(Situations situation, FixPlan.Format format) {
        assertEquals(situation.plan().render(format), situation.plan().render(format));
    }
}
