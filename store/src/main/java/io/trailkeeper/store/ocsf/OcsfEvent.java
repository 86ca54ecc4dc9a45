package io.trailkeeper.store.ocsf;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One OCSF event mapped from a CloudTrail record.
 *
 * @param ocsfClass its class
 * @param json      the event, as the export writes it (one JSON line)
 */
public record OcsfEvent(OcsfClass ocsfClass, ObjectNode json) {
}
