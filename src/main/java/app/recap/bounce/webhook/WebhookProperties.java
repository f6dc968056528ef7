package app.recap.bounce.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Provider webhooks ({@code recap.bounces.webhooks.*}); each provider is off until its proof is configured.
 *
 * @param maxBodySize a larger call is refused (413) before it is read
 * @param maxAge      how far a signed timestamp may be from now (either way) for SendGrid and Mailgun
 */
@ConfigurationProperties("recap.bounces.webhooks")
record WebhookProperties(DataSize maxBodySize, Duration maxAge, Ses ses, SendGrid sendgrid, Mailgun mailgun,
        Postmark postmark) {

    /**
     * Amazon SES through SNS.
     *
     * @param topicArns the SNS topics whose messages are accepted; empty: off. Any AWS account can sign a message
     *                  for its own topic, so the topic is what ties a valid signature to this installation
     * @param maxAge    how old an SNS message's Timestamp may be: SNS signs once and keeps that Timestamp through
     *                  its retries, which a delivery policy may spread over an hour
     */
    record Ses(List<String> topicArns, Duration maxAge) {

        boolean enabled() {
            return topicArns != null && !topicArns.isEmpty();
        }
    }

    /** @param publicKey the Event Webhook's verification key as SendGrid shows it (base64 DER); empty: off */
    record SendGrid(String publicKey) {

        boolean enabled() {
            return publicKey != null && !publicKey.isBlank();
        }
    }

    /** @param signingKey the domain's HTTP webhook signing key; empty: off */
    record Mailgun(String signingKey) {

        boolean enabled() {
            return signingKey != null && !signingKey.isBlank();
        }
    }

    /** @param user and {@code password}: the HTTP basic credentials set on the webhook; both empty: off */
    record Postmark(String user, String password) {

        boolean enabled() {
            return user != null && !user.isBlank() && password != null && !password.isBlank();
        }
    }
}
