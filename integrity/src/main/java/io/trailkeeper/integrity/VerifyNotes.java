package io.trailkeeper.integrity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The notes of a verify report about its digests: each chain's extent, the keys used, copies without metadata. */
final class VerifyNotes {
    private VerifyNotes() {
    }

    static void noMetadata(Collection<DigestFile> loaded, List<String> notes) {
        long count = loaded.stream().filter(d -> d.signatureFromNext && d.inRange).count();
        if (count > 0) {
            notes.add(count + " digest(s) of the period have no metadata (a copy without it, as aws s3 sync makes):"
                    + " each was checked with the signature the next digest records of it (previousDigestSignature);"
                    + " the newest of a chain has none and is not verified");
        }
    }

    static String summary(List<DigestFile> chain, Instant since, Instant until) {
        List<DigestFile> in = chain.stream().filter(d -> d.inRange).toList();
        if (in.isEmpty()) {
            return "chain of " + chain.get(0).name.describeChain() + ": no digest ends between " + since + " and "
                    + until + "; its digests found end from " + chain.get(0).time() + " to "
                    + chain.get(chain.size() - 1).time();
        }
        return "chain of " + in.get(0).name.describeChain() + ": " + in.size() + " digest(s) covering "
                + in.get(0).startTime() + " to " + in.get(in.size() - 1).time();
    }

    /**
     * Which keys signed the digests (key rotation). A digest signed with a key outside its validity has no note here:
     * it is "public key not found" ({@link KeyWindow}).
     */
    static List<String> keys(Iterable<DigestFile> loaded) {
        Map<String, Integer> used = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        for (DigestFile d : loaded) {
            if (d.inRange && d.signatureValid) {
                used.merge(d.key.fingerprint(), 1, Integer::sum);
            }
        }
        if (!used.isEmpty()) {
            notes.add("public keys used: " + used.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue()
                    + " digests)").reduce((a, b) -> a + ", " + b).orElse(""));
        }
        return notes;
    }
}
