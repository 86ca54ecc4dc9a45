package io.trailkeeper.events;

import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.DataEventSelectors.Kind;

/**
 * What an advanced selector's eventName test means for S3 object reads and writes: an S3 object call reads or writes
 * as its verb says, as CloudTrail's readOnly has it (GetObject, HeadObject, SelectObjectContent, ListParts read;
 * PutObject, CopyObject, DeleteObjects, UploadPart, RestoreObject... write).
 */
final class S3EventNames {
    private S3EventNames() {
    }

    /**
     * Whether an eventName test may pass an S3 object call of {@code kind}: not when it names calls by Equals only and
     * every one is of the other kind (GetObject, HeadObject, SelectObjectContent, ListParts read; PutObject, CopyObject,
     * DeleteObjects, UploadPart, RestoreObject... write, as CloudTrail's readOnly says of them).
     */
    static boolean mayName(FieldSelector f, Kind kind) {
        if (!f.startsWith().isEmpty() || !f.endsWith().isEmpty() || f.equalsValues().isEmpty()) {
            return true;
        }
        return f.equalsValues().stream().anyMatch(name -> {
            Boolean read = s3ObjectRead(name);
            return read == null || read == (kind == Kind.READ);
        });
    }

    /**
     * Whether an eventName test leaves every S3 object call of {@code kind} selected: no positive test, and NotEquals
     * only of calls of the other kind ({@code NotEquals GetObject} excludes no write).
     */
    static boolean sparesKind(FieldSelector f, String type, Kind kind) {
        if (!type.startsWith("AWS::S3") || !"eventName".equalsIgnoreCase(f.field()) || DataEventSelectors.hasPositive(f)
                || !f.notStartsWith().isEmpty() || !f.notEndsWith().isEmpty()) {
            return false;
        }
        return f.notEquals().stream().allMatch(name -> {
            Boolean read = s3ObjectRead(name);
            return read != null && read != (kind == Kind.READ);
        });
    }

    /** Whether an S3 object call reads (true) or writes (false), by its verb; null when the name does not tell. */
    static Boolean s3ObjectRead(String name) {
        if (name.matches("(Get|Head|List|Select)[A-Z].*")) {
            return true;
        }
        return name.matches("(Put|Delete|Copy|Upload|Create|Complete|Abort|Restore|Write)[A-Z].*") ? false : null;
    }
}
