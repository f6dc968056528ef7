package app.recap.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signing key: its algorithm, selector, the private key and the public key as DNS publishes it.
 *
 * @param publicKey the {@code p=} value: base64 of the DER SubjectPublicKeyInfo for RSA, of the raw 32 bytes
 *                  for Ed25519 (RFC 8463)
 */
record DkimKey(Algorithm algorithm, String selector, PrivateKey privateKey, String publicKey) {

    enum Algorithm {
        RSA_SHA256("rsa-sha256", "rsa", "SHA256withRSA"),
        ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

        final String tag;
        final String keyType;
        final String jcaSignature;

        Algorithm(String tag, String keyType, String jcaSignature) {
            this.tag = tag;
            this.keyType = keyType;
            this.jcaSignature = jcaSignature;
        }
    }

    /** The TXT record's text: {@code v=DKIM1; k=rsa; p=...}. */
    String dnsRecord() {
        return "v=DKIM1; k=" + algorithm.keyType + "; p=" + publicKey;
    }

    /** Reads a PEM PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}), as {@code openssl genpkey} writes it. */
    static DkimKey read(Algorithm algorithm, String selector, InputStream pem, String where) throws IOException {
        String text = new String(pem.readAllBytes(), StandardCharsets.US_ASCII);
        if (text.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException(where + " is a PKCS#1 key; convert it to PKCS#8 with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in " + where + " -out dkim.pem`");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(where + " holds no PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        try {
            if (algorithm == Algorithm.RSA_SHA256) {
                RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(der));
                if (key.getModulus().bitLength() < 1024) {
                    throw new IllegalArgumentException(where + ": an RSA key under 1024 bits fails DKIM verification");
                }
                PublicKey pub = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
                return new DkimKey(algorithm, selector, key, Base64.getEncoder().encodeToString(pub.getEncoded()));
            }
            EdECPrivateKey key = (EdECPrivateKey) KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            return new DkimKey(algorithm, selector, key, Base64.getEncoder().encodeToString(ed25519PublicKey(key)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(where + " is not a PKCS#8 " + algorithm.keyType + " private key", e);
        }
    }

    /**
     * The JDK has no call that derives an Ed25519 public key from the private one, but its key pair generator
     * derives it from 32 random bytes: handing it the private key's own bytes as the "random" gives the pair.
     */
    private static byte[] ed25519PublicKey(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("the Ed25519 key hides its bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
        // X.509 SubjectPublicKeyInfo of Ed25519: a fixed 12-byte prefix, then the 32-byte key
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }
}
