package app.recap.delivery.dkim;

/**
 * A DNS TXT record that publishes a DKIM public key.
 *
 * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
 * @param name      {@code <selector>._domainkey.<domain>}
 * @param value     {@code v=DKIM1; k=rsa; p=...}
 */
public record DkimRecord(String algorithm, String name, String value) {
}
