package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamoDbLambdaDataEventsCheckTest {
    private final DynamoDbLambdaDataEventsCheck check = new DynamoDbLambdaDataEventsCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWhenBothAreSelected() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "DynamoDB item reads and writes", "Lambda invocations");
    }

    @Test
    void failsNamingWhatIsMissing() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.remove(3);
        Finding f = fail(run(b));
        mentions(f, "not selected: Lambda invocations (AWS::Lambda::Function)", "where those services hold data",
                "selected: DynamoDB", "$0.10 per 100,000");
        assertFalse(f.detail().startsWith("not selected: DynamoDB"), f.detail());
    }

    @Test
    void basicSelectorsForSomeTablesCount() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.subList(2, 4).clear();
        b.trail().eventSelectors.add(new EventSelector("All", true, List.of(
                new DataResource("AWS::DynamoDB::Table", List.of("arn:aws:dynamodb:us-east-1:111122223333:table/orders")),
                new DataResource("AWS::Lambda::Function", List.of("arn:aws:lambda"))), null));
        mentions(pass(run(b)), "main (some resources)");
    }

    @Test
    void unknownWhenTheSelectorsCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.clear();
        b.trail().errors.put("eventSelectors", "AccessDenied");
        unknown(run(b));
    }
}
