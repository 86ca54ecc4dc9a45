package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles as responders have them: IAM Identity Center (SSO) profiles work (the SDK's sso modules are there),
 * and credentials that cannot be had are reported with the SDK's own reason, never a bare "none found". The
 * profiles live in a temporary AWS config file; nothing is asked of SSO (no cached token, so no call is made).
 */
class SsoProfileTest {
    @TempDir
    Path dir;
    private CannedHttpServer sts;

    @BeforeEach
    void profiles() throws IOException {
        Path config = dir.resolve("config");
        Files.writeString(config, """
                [profile tk-sso]
                sso_session = trailkeeper-test-7f3a9c
                sso_account_id = 123456789012
                sso_role_name = Responder
                region = us-east-1
                [sso-session trailkeeper-test-7f3a9c]
                sso_start_url = https://trailkeeper-test-7f3a9c.awsapps.com/start
                sso_region = us-east-1
                [profile tk-empty]
                region = us-east-1
                """);
        Files.writeString(dir.resolve("credentials"), "");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
        sts = CannedHttpServer.always(500, "text/xml", "");
    }

    @AfterEach
    void forget() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
        sts.close();
    }

    private TrailKeeperException whoAmI(String profile) {
        try (AwsClients clients = new AwsClients(AwsOptions.defaults().withProfile(profile).withRegion("us-east-1")
                .withEndpoint(sts.endpoint()))) {
            return assertThrows(TrailKeeperException.class, () -> CallerIdentity.of(clients));
        }
    }

    @Test
    void anSsoProfileIsUsableAndAnExpiredSessionSaysSo() {
        TrailKeeperException e = whoAmI("tk-sso");
        assertEquals(ErrorCode.AWS_CREDENTIALS, e.code(), e.getMessage());
        assertTrue(e.getMessage().startsWith("finding out whose credentials these are (sts:GetCallerIdentity) failed:"
                + " the AWS credentials could not be loaded: The SSO session associated with this profile has expired"),
                e.getMessage());
        assertTrue(e.hint().contains("aws sso login --profile"), e.hint());
        assertEquals(0, sts.requests().size(), "nothing is sent unsigned");
    }

    @Test
    void aProfileWithoutCredentialsKeepsTheSdksReason() {
        TrailKeeperException e = whoAmI("tk-empty");
        assertEquals(ErrorCode.AWS_CREDENTIALS, e.code());
        assertTrue(e.getMessage().contains("the AWS credentials could not be loaded: ")
                && e.getMessage().contains("tk-empty"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
