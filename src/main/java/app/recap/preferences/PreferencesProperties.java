package app.recap.preferences;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The subscribers' side ({@code recap.preferences.*}).
 *
 * @param confirmationExpiry how long a confirmation link works; an unconfirmed sign-up older than this is purged
 * @param purgeInterval      how often expired unconfirmed sign-ups are purged
 * @param maxPauseWeeks      the longest pause the preference center offers
 * @param archiveFeedEntries editions in the archive's Atom feed, newest first
 * @param signupLimit        sign-up rate limits
 */
@ConfigurationProperties("recap.preferences")
record PreferencesProperties(Duration confirmationExpiry, Duration purgeInterval, int maxPauseWeeks,
        int archiveFeedEntries, SignupLimit signupLimit) {

    PreferencesProperties {
        if (confirmationExpiry == null || confirmationExpiry.isNegative() || confirmationExpiry.isZero()) {
            throw new IllegalArgumentException("recap.preferences.confirmation-expiry must be positive");
        }
        if (maxPauseWeeks < 1) {
            throw new IllegalArgumentException("recap.preferences.max-pause-weeks must be at least 1");
        }
    }

    /**
     * Token buckets: each allows {@code perIp} (or {@code perAddress}) sign-ups at once and refills at that rate
     * over {@code period}.
     *
     * @param perIp      sign-up requests per client IP; beyond it the request is refused (HTTP 429)
     * @param perAddress confirmation emails per address; beyond it the request looks accepted but sends nothing,
     *                   so nobody can flood a stranger's inbox or learn anything about the address
     */
    record SignupLimit(int perIp, int perAddress, Duration period) {
    }
}
