package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Grant;
import io.trailkeeper.events.AccountSnapshot.PublicAccessBlock;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailBucketNotPublicCheckTest {
    private static final String PUBLIC_READ = """
            {"Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":%s,"Action":"s3:GetObject",
              "Resource":"arn:aws:s3:::trail-logs-111122223333/*"%s}]}""";
    private final TrailBucketNotPublicCheck check = new TrailBucketNotPublicCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    /** No public access block anywhere. */
    private static SnapshotBuilder unblocked() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.accountPublicAccessBlock = null;
        b.bucket().publicAccessBlock = null;
        return b;
    }

    @Test
    void passesWhenPublicAccessIsBlocked() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "fully blocked on the account");
    }

    @Test
    void passesUnblockedWithoutPublicGrants() {
        mentions(pass(run(unblocked())), "no public ACL grant or policy statement");
    }

    @Test
    void failsOnAnAllUsersGrant() {
        SnapshotBuilder b = unblocked();
        b.bucket().aclGrants.add(new Grant("Group", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"));
        mentions(fail(run(b)), "ACL grants READ to AllUsers");
    }

    @Test
    void ignorePublicAclsNeutralisesAGrant() {
        SnapshotBuilder b = unblocked();
        b.bucket().aclGrants.add(new Grant("Group", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                "READ"));
        b.accountPublicAccessBlock = new PublicAccessBlock(false, true, false, false);
        pass(run(b));
    }

    @Test
    void failsOnAPolicyAllowingEveryone() {
        SnapshotBuilder b = unblocked();
        b.bucket().policy = PUBLIC_READ.formatted("\"*\"", "");
        mentions(fail(run(b)), "policy statement PublicRead allows s3:GetObject to everyone");
        b.bucket().policy = PUBLIC_READ.formatted("{\"AWS\":[\"*\"]}", "");
        fail(run(b));
    }

    @Test
    void aConditionPinningTheSourceIsNotPublic() {
        SnapshotBuilder b = unblocked();
        b.bucket().policy = PUBLIC_READ.formatted("\"*\"",
                ",\"Condition\":{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1a2b3c4d\"}}");
        pass(run(b));
        b.bucket().policy = PUBLIC_READ.formatted("\"*\"", ",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}");
        fail(run(b));
    }

    @Test
    void passesWithoutATrail() {
        mentions(pass(run(SnapshotBuilder.noTrail())), "no trail bucket to expose");
    }

    @Test
    void withoutATrailAnUnreadListOfEventDataStoresLeavesNoBucketUnknownButAnUnreadRegionDoes() {
        // an event data store has no bucket: the trails were listed everywhere, so there is none to expose
        mentions(pass(run(SnapshotBuilder.noTrail().unreadable(AccountSnapshot.EVENT_DATA_STORES, "HTTP 500"))),
                "no trail bucket to expose");
        mentions(unknown(run(SnapshotBuilder.noTrail().unreadable("cloudtrail eu-west-3", "AccessDenied"))),
                "no trail found, but cloudtrail eu-west-3: AccessDenied");
    }

    @Test
    void aDeletedTrailBucketCanBeClaimedByAnyone() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.bucket().exists = false;
        mentions(fail(run(b)), "anyone may create a bucket of that name");
    }

    @Test
    void unknownWhenTheAclCouldNotBeRead() {
        SnapshotBuilder b = unblocked();
        b.bucket().aclGrants.clear();
        b.bucket().errors.put("acl", "AccessDenied");
        mentions(unknown(run(b)), "ACL: AccessDenied");
    }

    @Test
    void unknownWhenAPublicGrantMayBeNeutralisedByAnUnreadableBlock() {
        SnapshotBuilder b = unblocked();
        b.bucket().aclGrants.add(new Grant("Group", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"));
        b.unreadable("accountPublicAccessBlock", "AccessDenied: s3:GetAccountPublicAccessBlock");
        mentions(unknown(run(b)), "could not be read");
    }
}
