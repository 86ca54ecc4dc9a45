package io.trailkeeper.integrity;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Reads an RSA public key from DER: CloudTrail's ListPublicKeys gives a PKCS#1 RSAPublicKey
 * (SEQUENCE { INTEGER n, INTEGER e }), which Java's KeyFactory does not read; an X.509 SubjectPublicKeyInfo
 * (SEQUENCE { SEQUENCE algorithm, BIT STRING key }) is accepted too. A small strict reader: lengths are checked
 * against the input, nothing trails the outer SEQUENCE.
 */
final class RsaKeyDer {
    private final byte[] der;
    private int position;

    private RsaKeyDer(byte[] der) {
        this.der = der;
    }

    /** The key; IllegalArgumentException saying what is wrong when the bytes are neither form. */
    static PublicKey decode(byte[] der) {
        RsaKeyDer reader = new RsaKeyDer(der);
        int end = reader.header(0x30, "an outer SEQUENCE");
        if (end != der.length) {
            throw new IllegalArgumentException("bytes follow the key's SEQUENCE");
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (reader.position < der.length && der[reader.position] == 0x30) {
                return rsa.generatePublic(new X509EncodedKeySpec(der));
            }
            BigInteger modulus = reader.integer();
            BigInteger exponent = reader.integer();
            if (reader.position != end) {
                throw new IllegalArgumentException("more than a modulus and an exponent in the key");
            }
            if (modulus.signum() <= 0 || exponent.signum() <= 0) {
                throw new IllegalArgumentException("modulus or exponent not positive");
            }
            return rsa.generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage(), e);
        }
    }

    /** The key as PKCS#1 RSAPublicKey DER, the form ListPublicKeys gives and its fingerprint is the MD5 of. */
    static byte[] pkcs1(RSAPublicKey key) {
        byte[] n = tlv(0x02, key.getModulus().toByteArray());
        byte[] e = tlv(0x02, key.getPublicExponent().toByteArray());
        byte[] body = Arrays.copyOf(n, n.length + e.length);
        System.arraycopy(e, 0, body, n.length, e.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            int bytes = value.length > 0xFFFF ? 3 : value.length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(value.length >>> (8 * i));
            }
        }
        out.write(value, 0, value.length);
        return out.toByteArray();
    }

    private BigInteger integer() {
        int end = header(0x02, "an INTEGER");
        BigInteger value = new BigInteger(Arrays.copyOfRange(der, position, end));
        position = end;
        return value;
    }

    /** Reads a tag and length; returns where the value ends, leaving the position at its start. */
    private int header(int tag, String what) {
        if (position + 2 > der.length || (der[position] & 0xFF) != tag) {
            throw new IllegalArgumentException("expected " + what + " at byte " + position);
        }
        position++;
        int first = der[position++] & 0xFF;
        long length = first;
        if (first >= 0x80) {
            int count = first & 0x7F;
            if (count == 0 || count > 4 || position + count > der.length) {
                throw new IllegalArgumentException("bad length at byte " + (position - 1));
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[position++] & 0xFF);
            }
        }
        if (length < 1 || position + length > der.length) {
            throw new IllegalArgumentException(what + " longer than the key (" + length + " bytes)");
        }
        return (int) (position + length);
    }
}
