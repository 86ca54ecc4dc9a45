package io.trailkeeper.aws.inventory;

import io.trailkeeper.events.AccountSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/**
 * The account's IAM authorization details (GetAccountAuthorizationDetails, every page): users with their groups,
 * groups, roles with their trust policies, users' and roles' permissions boundaries, and managed policies with the
 * document of their default version.
 * IAM sends policy documents URL-encoded; they are kept decoded, as JSON text.
 */
final class IamReader {
    private IamReader() {
    }

    /** @throws software.amazon.awssdk.core.exception.SdkException when a page cannot be read */
    static AccountSnapshot.Iam read(IamClient iam) {
        List<AccountSnapshot.Principal> users = new ArrayList<>();
        List<AccountSnapshot.Principal> groups = new ArrayList<>();
        List<AccountSnapshot.Principal> roles = new ArrayList<>();
        List<AccountSnapshot.ManagedPolicy> policies = new ArrayList<>();
        for (GetAccountAuthorizationDetailsResponse page : iam.getAccountAuthorizationDetailsPaginator(b -> { })) {
            page.userDetailList().forEach(u -> users.add(new AccountSnapshot.Principal(u.userName(), u.arn(),
                    arns(u.attachedManagedPolicies()), inline(u.userPolicyList()), u.groupList(), null,
                    boundary(u.permissionsBoundary()))));
            page.groupDetailList().forEach(g -> groups.add(new AccountSnapshot.Principal(g.groupName(), g.arn(),
                    arns(g.attachedManagedPolicies()), inline(g.groupPolicyList()), List.of(), null, null)));
            page.roleDetailList().forEach(r -> roles.add(new AccountSnapshot.Principal(r.roleName(), r.arn(),
                    arns(r.attachedManagedPolicies()), inline(r.rolePolicyList()), List.of(),
                    decode(r.assumeRolePolicyDocument()), boundary(r.permissionsBoundary()))));
            for (ManagedPolicyDetail p : page.policies()) {
                String document = p.policyVersionList().stream().filter(v -> Boolean.TRUE.equals(v.isDefaultVersion()))
                        .map(PolicyVersion::document).findFirst().orElse(null);
                policies.add(new AccountSnapshot.ManagedPolicy(p.arn(), p.policyName(), decode(document)));
            }
        }
        return new AccountSnapshot.Iam(users, groups, roles, policies);
    }

    /** The managed policy set as a user's or role's permissions boundary, or null for none. */
    private static String boundary(AttachedPermissionsBoundary boundary) {
        return boundary == null ? null : boundary.permissionsBoundaryArn();
    }

    private static List<String> arns(List<AttachedPolicy> attached) {
        return attached.stream().map(AttachedPolicy::policyArn).toList();
    }

    private static Map<String, String> inline(List<PolicyDetail> policies) {
        Map<String, String> out = new LinkedHashMap<>();
        policies.forEach(p -> out.put(p.policyName(), decode(p.policyDocument())));
        return out;
    }

    /**
     * Undoes IAM's percent-encoding of a document. Only {@code %XX} is decoded: a literal {@code +} stays a plus
     * (IAM encodes spaces as %20 and a plus as %2B), unlike form decoding.
     */
    static String decode(String encoded) {
        if (encoded == null || encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0 && hex(encoded.charAt(i + 2)) >= 0) {
                out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 2;
            } else {
                int codePoint = encoded.codePointAt(i);
                byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
