package app.recap.subscriber;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;

import org.springframework.stereotype.Component;

/**
 * Decides whether an address may be stored: Hibernate Validator's address syntax, a dot in the domain (a
 * newsletter never goes to {@code user@localhost}), at most 254 characters (the SMTP path limit).
 *
 * <p>An import checks a million addresses, and going through the Validator costs more per address than the rest of
 * the row's checks together; so a plain ASCII address ({@code dot-atom@label.label}) that the validator is known
 * to accept is accepted by a character loop first, and everything else (quotes, non-ASCII, IP literals, anything
 * odd) still goes to the validator. The loop accepts only what the validator accepts ({@code EmailAddressesTests}
 * compares the two), so the answers are the same.
 */
@Component
public class EmailAddresses {

    /** RFC 5321's limit for a forward path, less the angle brackets. */
    public static final int MAX_LENGTH = 254;

    private final Validator validator;

    EmailAddresses(Validator validator) {
        this.validator = validator;
    }

    /** Why an address is refused, or null when it is fine. */
    public String problem(String email) {
        if (email == null || email.isBlank()) {
            return "address is missing";
        }
        String address = email.strip();
        if (address.length() > MAX_LENGTH) {
            return "address is longer than " + MAX_LENGTH + " characters";
        }
        if (!plainAddress(address) && !validator.validateValue(Address.class, "value", address).isEmpty()) {
            return "not a valid email address";
        }
        return null;
    }

    public boolean isValid(String email) {
        return problem(email) == null;
    }

    /**
     * True only for addresses Hibernate Validator's {@code @Email} and the {@link Address} pattern both accept: a
     * local part of 1 to 64 atom characters and single dots (RFC 5322 dot-atom, the validator's unquoted form), one
     * {@code @}, and a domain of at least two labels of atom characters and inner hyphens, each label at most 63
     * characters (the limit {@code IDN.toASCII} enforces for the validator). False means "ask the validator", not
     * "invalid".
     */
    static boolean plainAddress(String address) {
        int at = address.indexOf('@');
        if (at < 1 || at > 64 || address.charAt(0) == '.' || address.charAt(at - 1) == '.') {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = address.charAt(i);
            if (!(c == '.' ? address.charAt(i - 1) != '.' : atom(c))) {
                return false;
            }
        }
        int labels = 0;
        int labelStart = at + 1;
        for (int i = at + 1; i <= address.length(); i++) {
            char c = i == address.length() ? '.' : address.charAt(i);
            if (c == '.') {
                int length = i - labelStart;
                if (length < 1 || length > 63 || address.charAt(labelStart) == '-' || address.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                labelStart = i + 1;
            } else if (!atom(c)) {
                return false;
            }
        }
        return labels >= 2;
    }

    /** An RFC 5322 atom character in ASCII (letters in either case: the validator ignores case). */
    private static boolean atom(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c < 128 && "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    record Address(@Email(regexp = "[^@]+@[^@]+\\.[^@.]+") String value) {
    }
}
