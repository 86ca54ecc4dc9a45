package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules that read a policy document "as iam_policy_allows_everything reads it" hold its expressions written
 * out again (a Sigma rule cannot name another's selection): each copy must be the same list, so a fix to the
 * one reaches them all and the whole-service rule keeps leaving out what the everything rule tells.
 */
class PolicyDocumentExpressionsTest {
    private static final String FIELD = "requestParameters.policyDocument|re|i";

    @Test
    void everyCopyOfTheAllowsEverythingExpressionsIsTheSame() {
        List<?> everything = expressions("iam_policy_allows_everything.yml", 0, "selection_allow_all");
        assertEquals(12, everything.size(), "six orders of the three elements, as JSON text and URL-encoded");
        assertEquals(everything, expressions("iam_policy_allows_whole_service.yml", 0, "filter_main_allows_everything"));
        assertEquals(everything, expressions("iam_policy_version_admin_set_as_default.yml", 0, "selection_allow_all"));
        assertEquals(everything, expressions("iam_policy_version_admin_then_default.yml", 0, "selection_allow_all"));
        List<?> service = expressions("iam_policy_allows_whole_service.yml", 0, "selection_whole_service");
        assertEquals(12, service.size());
        assertFalse(service.equals(everything));
    }

    private static List<?> expressions(String file, int document, String selection) {
        Map<?, ?> detection = (Map<?, ?>) PackFiles.documents(file).get(document).get("detection");
        Map<?, ?> fields = (Map<?, ?>) detection.get(selection);
        return (List<?>) fields.get(FIELD);
    }
}
