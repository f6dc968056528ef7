package app.recap.delivery.dkim;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * DKIM signing ({@code recap.dkim.*}). Signing is on when {@code selector} and {@code privateKey} are both set.
 *
 * @param selector     the RSA key's selector: its public key is published at {@code <selector>._domainkey.<domain>}
 * @param privateKey   Spring resource location of the RSA key, PEM PKCS#8 ({@code file:/etc/recap/dkim.pem})
 * @param domain       the signing domain ({@code d=}); empty signs with each message's From domain
 * @param ed25519      an optional second signature, ed25519-sha256 (RFC 8463), with its own selector and key
 * @param nativeCrypto sign with Amazon Corretto Crypto Provider when its native library loads; false always
 *                     uses the JDK's providers
 */
@ConfigurationProperties("recap.dkim")
record DkimProperties(String selector, String privateKey, String domain, Ed25519 ed25519, boolean nativeCrypto) {

    DkimProperties {
        ed25519 = ed25519 == null ? new Ed25519(null, null) : ed25519;
    }

    boolean rsaConfigured() {
        return present(selector) && present(privateKey);
    }

    /** @param selector its own selector (a DNS record holds one key type); @param privateKey PEM PKCS#8 Ed25519 */
    record Ed25519(String selector, String privateKey) {

        boolean configured() {
            return present(selector) && present(privateKey);
        }
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
