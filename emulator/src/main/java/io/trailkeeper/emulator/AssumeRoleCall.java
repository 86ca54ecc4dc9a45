package io.trailkeeper.emulator;

/**
 * One STS AssumeRole call the emulator answered, kept so that a test can assert which role a collector
 * asked for and with which external id (the confused-deputy guard of cross-account roles).
 *
 * @param region          the region the request was signed for
 * @param roleArn         the RoleArn asked for
 * @param roleSessionName the RoleSessionName
 * @param externalId      the ExternalId, or null when none was sent
 * @param durationSeconds the DurationSeconds asked for, or null
 * @param accessKeyId     the temporary access key id handed out, or null when the call was refused
 */
public record AssumeRoleCall(String region, String roleArn, String roleSessionName, String externalId,
                             Integer durationSeconds, String accessKeyId) {
}
