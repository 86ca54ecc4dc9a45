package io.trailkeeper.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Who the credentials are (STS GetCallerIdentity): the account every collected window is filed under. */
public record CallerIdentity(String account, String arn) {
    public static CallerIdentity of(AwsClients clients) {
        try {
            GetCallerIdentityResponse r = clients.sts().getCallerIdentity();
            return new CallerIdentity(r.account(), r.arn());
        } catch (SdkException e) {
            throw AwsErrors.toException("finding out whose credentials these are (sts:GetCallerIdentity)", e);
        }
    }
}
