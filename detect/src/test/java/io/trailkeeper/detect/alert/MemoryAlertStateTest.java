package io.trailkeeper.detect.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The state's memory of what was raised: a key once, and a correlation's incident once whatever set it fires on. */
class MemoryAlertStateTest {
    private static Alert alert(String rule, String... hashes) {
        return new Alert(rule, rule, "high", "Tester", List.of(), null, "us-east-1", null, null, "DescribeInstances",
                List.of(), List.of(hashes));
    }

    @Test
    void aCorrelationFiringOnAnotherSetOfTheSameEventsIsNotRaisedAgain() {
        MemoryAlertState state = new MemoryAlertState();
        assertEquals(1, state.raise(List.of(alert("burst", "h1", "h2", "h3")), List.of("stdout")).size());
        assertEquals(List.of(), state.raise(List.of(alert("burst", "h1", "h2", "h3"), alert("burst", "h2", "h3", "h4"),
                alert("burst", "h0", "h1")), List.of("stdout")));
        List<Alert> raised = state.raise(List.of(alert("burst", "h5", "h6"), alert("burst", "h6", "h7"),
                alert("other", "h1", "h2"), alert("burst", "h1")), List.of("stdout"));
        assertEquals(List.of("burst/2x", "other/2x", "burst/h1"), raised.stream()
                .map(a -> a.key().replaceAll("2x.*", "2x")).toList());
        assertEquals(4, state.pending("stdout").size());
    }
}
