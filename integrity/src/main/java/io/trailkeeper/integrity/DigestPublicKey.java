package io.trailkeeper.integrity;

import java.time.Instant;

/**
 * A public key CloudTrail signed digest files with, as ListPublicKeys returns it: the key (DER; CloudTrail's are
 * PKCS#1 RSAPublicKey, X.509 SubjectPublicKeyInfo is accepted too), its fingerprint (what a digest's
 * {@code digestPublicKeyFingerprint} names) and when it was in use.
 */
public record DigestPublicKey(String fingerprint, Instant validityStart, Instant validityEnd, byte[] der) {
}
