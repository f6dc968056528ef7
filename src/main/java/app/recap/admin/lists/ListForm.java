package app.recap.admin.lists;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.DigestLength;

/**
 * A list's settings as the API and the form send them. The slug is fixed at creation (links and the archive use
 * it); on an edit it is ignored.
 *
 * @param audiences  slugs of the audiences the list offers, in display order; empty offers them all
 * @param tracking   {@code off}, {@code anonymous} (the default when absent) or {@code subscriber}: what a click
 *                   on a story link records
 * @param trackOpens whether digests carry an open pixel (default false)
 * @param defaultLength {@code brief}, {@code standard} (the default when absent) or {@code full}: the digest length
 *                   of subscribers who chose none, preselected on the sign-up page
 */
record ListForm(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,79}", message = "lower-case letters, digits and dashes, up to 80") String slug,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String senderName,
        @NotBlank @Email(regexp = "[^@]+@[^@]+\\.[^@.]+") @Size(max = 254) String senderEmail,
        @Email(regexp = "([^@]+@[^@]+\\.[^@.]+)?") @Size(max = 254) String replyTo,
        @NotBlank @Size(max = 500) String postalAddress,
        @NotNull DayOfWeek sendDay,
        @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "a time such as 08:00") String sendTime,
        @NotBlank @Size(max = 64) String timeZone,
        @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "a language tag such as en or de") String locale,
        Boolean doubleOptIn,
        List<String> audiences,
        @Pattern(regexp = "(?i)off|anonymous|subscriber", message = "off, anonymous or subscriber") String tracking,
        Boolean trackOpens,
        @Pattern(regexp = "(?i)brief|standard|full", message = "brief, standard or full") String defaultLength) {

    ListForm {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }

    ClickTracking clickTracking() {
        return tracking == null || tracking.isBlank() ? ClickTracking.ANONYMOUS
                : ClickTracking.valueOf(tracking.strip().toUpperCase(Locale.ROOT));
    }

    /** The default length named, or null when absent (a new list then gets standard, an edit keeps its own). */
    DigestLength length() {
        return DigestLength.parse(defaultLength);
    }

    static ListForm blank() {
        return new ListForm("", "", "", "", "", "", DayOfWeek.MONDAY, "08:00", "UTC", "en", true, List.of(), "anonymous",
                false, "standard");
    }
}
