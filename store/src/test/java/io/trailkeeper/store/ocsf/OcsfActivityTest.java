package io.trailkeeper.store.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The class and activity of CloudTrail calls. */
class OcsfActivityTest {
    @ParameterizedTest
    @CsvSource({
        "s3.amazonaws.com, DeleteBucket, AwsApiCall, false, , 6003, 4, Delete",
        "s3.amazonaws.com, GetObject, AwsApiCall, true, , 6003, 2, Read",
        "s3.amazonaws.com, PutObject, AwsApiCall, false, , 6003, 3, Update",
        "ec2.amazonaws.com, RunInstances, AwsApiCall, false, , 6003, 1, Create",
        "dynamodb.amazonaws.com, BatchGetItem, AwsApiCall, true, , 6003, 2, Read",
        "dynamodb.amazonaws.com, BatchWriteItem, AwsApiCall, false, , 6003, 99, BatchWriteItem",
        "kms.amazonaws.com, GenerateDataKey, AwsApiCall, true, , 6003, 1, Create",
        "cloudtrail.amazonaws.com, StopLogging, AwsApiCall, false, , 6003, 3, Update",
        "sts.amazonaws.com, AssumeRole, AwsApiCall, , , 6003, 1, Create",
        "health.amazonaws.com, ZzzUnknownVerb, AwsApiCall, true, , 6003, 2, Read",
        "signin.amazonaws.com, ConsoleLogin, AwsConsoleSignIn, false, , 3002, 1, Logon",
        "signin.amazonaws.com, SwitchRole, AwsConsoleSignIn, false, , 3002, 1, Logon",
        "signin.amazonaws.com, ExitRole, AwsConsoleSignIn, false, , 3002, 2, Logoff",
        "signin.amazonaws.com, GetSigninToken, AwsConsoleSignIn, false, , 3002, 99, GetSigninToken",
        "iam.amazonaws.com, CreateUser, AwsApiCall, false, , 3001, 1, Create",
        "iam.amazonaws.com, DeleteUser, AwsApiCall, false, , 3001, 6, Delete",
        "iam.amazonaws.com, AttachUserPolicy, AwsApiCall, false, , 3001, 7, Attach Policy",
        "iam.amazonaws.com, DeleteRolePolicy, AwsApiCall, false, , 3001, 8, Detach Policy",
        "iam.amazonaws.com, UpdateLoginProfile, AwsApiCall, false, , 3001, 4, Password Reset",
        "iam.amazonaws.com, ChangePassword, AwsApiCall, false, , 3001, 3, Password Change",
        "iam.amazonaws.com, DeactivateMFADevice, AwsApiCall, false, , 3001, 11, MFA Factor Disable",
        "iam.amazonaws.com, CreateAccessKey, AwsApiCall, false, , 3001, 99, Create Access Key",
        "iam.amazonaws.com, DeleteAccessKey, AwsApiCall, false, , 3001, 99, Delete Access Key",
        "iam.amazonaws.com, UpdateAccessKey, AwsApiCall, false, Inactive, 3001, 5, Disable",
        "iam.amazonaws.com, UpdateAccessKey, AwsApiCall, false, Active, 3001, 2, Enable",
        "iam.amazonaws.com, AddUserToGroup, AwsApiCall, false, , 6003, 1, Create",
        "iam.amazonaws.com, ListUsers, AwsApiCall, true, , 6003, 2, Read",
    })
    void classAndActivity(String source, String name, String type, Boolean readOnly, String status, int classUid,
                          int activityId, String activityName) {
        OcsfActivity a = OcsfActivity.of(source, name, type, readOnly, status);
        assertEquals(classUid, a.ocsfClass().uid());
        assertEquals(activityId, a.activityId());
        assertEquals(activityName, a.activityName());
        assertTrue(a.ocsfClass().validActivity(a.activityId()));
    }

    @Test
    void aNameFromAnotherServiceIsNotASignInOrAnAccountChange() {
        assertEquals(OcsfClass.API_ACTIVITY, OcsfActivity.of("sso.amazonaws.com", "ConsoleLogin", "AwsApiCall",
                null, null).ocsfClass());
        assertEquals(OcsfClass.API_ACTIVITY, OcsfActivity.of("evil.example", "CreateUser", "AwsApiCall", null,
                null).ocsfClass());
        OcsfActivity none = OcsfActivity.of(null, null, null, null, null);
        assertEquals(OcsfClass.UNKNOWN, none.activityId());
        assertEquals("Unknown", none.activityName());
    }

    @Test
    void anActivityMustBelongToItsClass() {
        assertThrows(IllegalArgumentException.class, () -> new OcsfActivity(OcsfClass.API_ACTIVITY, 7, "x"));
        assertEquals(300107, OcsfClass.ACCOUNT_CHANGE.typeUid(7));
        assertEquals(600399, OcsfClass.API_ACTIVITY.typeUid(OcsfClass.OTHER));
    }
}
