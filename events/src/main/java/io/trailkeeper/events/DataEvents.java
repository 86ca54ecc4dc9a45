package io.trailkeeper.events;

import java.util.Set;

/**
 * Which calls CloudTrail logs as data events, for records written before eventCategory and
 * managementEvent existed (eventVersion before 1.06). Newer records say it themselves.
 */
final class DataEvents {
    private static final Set<String> S3_OBJECT_CALLS = Set.of(
            "GetObject", "PutObject", "DeleteObject", "DeleteObjects", "HeadObject", "CopyObject",
            "GetObjectAcl", "PutObjectAcl", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
            "GetObjectAttributes", "RestoreObject", "SelectObjectContent", "UploadPart", "UploadPartCopy",
            "CreateMultipartUpload", "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts",
            "GetObjectRetention", "PutObjectRetention", "GetObjectLegalHold", "PutObjectLegalHold",
            "ListObjects", "ListObjectsV2", "ListObjectVersions", "ListMultipartUploads");
    private static final Set<String> DYNAMODB_ITEM_CALLS = Set.of(
            "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
            "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "ExecuteStatement",
            "BatchExecuteStatement", "ExecuteTransaction");

    private DataEvents() {
    }

    static boolean isDataEvent(String eventSource, String eventName) {
        if (eventSource == null || eventName == null) {
            return false;
        }
        return switch (eventSource) {
            case "s3.amazonaws.com" -> S3_OBJECT_CALLS.contains(eventName);
            case "dynamodb.amazonaws.com" -> DYNAMODB_ITEM_CALLS.contains(eventName);
            case "lambda.amazonaws.com" -> eventName.startsWith("Invoke");
            default -> false;
        };
    }
}
