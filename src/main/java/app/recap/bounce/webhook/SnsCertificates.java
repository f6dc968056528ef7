package app.recap.bounce.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * SNS's signing certificates, fetched from {@code SigningCertURL} (only from SNS's own hosts, see {@link SnsUrls})
 * and kept: SNS signs with one certificate for months, so a fetch per message would only add latency.
 */
@Component
class SnsCertificates {

    private static final Logger log = LoggerFactory.getLogger(SnsCertificates.class);

    private final SnsHttp http;
    private final Clock clock;
    private final Cache<URI, X509Certificate> cache = Caffeine.newBuilder().maximumSize(50)
            .expireAfterWrite(Duration.ofHours(24)).build();

    SnsCertificates(SnsHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * The certificate at a URL already checked by {@link SnsUrls}, valid now.
     *
     * @throws WebhookRefused 403 when it is no valid certificate, 503 when it cannot be fetched (SNS retries)
     */
    X509Certificate at(URI url) {
        X509Certificate certificate = cache.getIfPresent(url);
        if (certificate == null) {
            certificate = fetch(url);
            cache.put(url, certificate);
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException e) {
            throw WebhookRefused.forged("SNS signing certificate not valid now: " + e.getMessage());
        }
        return certificate;
    }

    private X509Certificate fetch(URI url) {
        byte[] pem;
        try {
            pem = http.get(url);
        } catch (IOException e) {
            log.warn("SNS signing certificate {} could not be fetched: {}", url, e.getMessage());
            throw new WebhookRefused(HttpStatus.SERVICE_UNAVAILABLE, "SNS signing certificate could not be fetched");
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
            log.info("SNS signing certificate {} fetched: {}", url, certificate.getSubjectX500Principal().getName());
            return certificate;
        } catch (CertificateException | ClassCastException e) {
            throw WebhookRefused.forged("SigningCertURL does not hold an X.509 certificate");
        }
    }
}
