package io.trailkeeper.testkit;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A key pair CloudTrail-style digests are signed with in tests: 2048-bit RSA, SHA256withRSA, the public key
 * published as ListPublicKeys publishes it (DER of a PKCS#1 RSAPublicKey, fingerprint the hex MD5 of that DER) with
 * the time it was in use. The private key never leaves this class: {@link #sign} is all a test needs.
 */
public final class DigestSigningKey {
    private final KeyPair pair;
    private final byte[] pkcs1Der;
    private final String fingerprint;
    private final Instant validityStart;
    private final Instant validityEnd;

    DigestSigningKey(KeyPair pair, Instant validityStart, Instant validityEnd) {
        this.pair = pair;
        RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
        this.pkcs1Der = pkcs1(rsa.getModulus(), rsa.getPublicExponent());
        this.fingerprint = HexFormat.of().formatHex(digest("MD5", pkcs1Der));
        this.validityStart = validityStart;
        this.validityEnd = validityEnd;
    }

    /** A new 2048-bit RSA key pair in use over [start, end). */
    static DigestSigningKey generate(Instant start, Instant end) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DigestSigningKey(generator.generateKeyPair(), start, end);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has RSA", e);
        }
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The public key as ListPublicKeys' {@code Value} holds it (before base64): DER of a PKCS#1 RSAPublicKey. */
    public byte[] pkcs1Der() {
        return pkcs1Der.clone();
    }

    /** The public key as X.509 SubjectPublicKeyInfo DER (what {@code openssl} and Java read directly). */
    public byte[] spkiDer() {
        return pair.getPublic().getEncoded();
    }

    public Instant validityStart() {
        return validityStart;
    }

    public Instant validityEnd() {
        return validityEnd;
    }

    /** SHA256withRSA over the UTF-8 bytes of {@code text}, as hex (what a digest's signature metadata holds). */
    public String sign(String text) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(pair.getPrivate());
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }

    /** DER of SEQUENCE { INTEGER modulus, INTEGER publicExponent } (RFC 8017 A.1.1). */
    private static byte[] pkcs1(BigInteger modulus, BigInteger exponent) {
        byte[] n = tlv(0x02, modulus.toByteArray());
        byte[] e = tlv(0x02, exponent.toByteArray());
        byte[] body = new byte[n.length + e.length];
        System.arraycopy(n, 0, body, 0, n.length);
        System.arraycopy(e, 0, body, n.length, e.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.write(value, 0, value.length);
        return out.toByteArray();
    }
}
