package app.recap.subscriber;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;

import org.springframework.stereotype.Component;

/**
 * Decides whether an address may be stored: Hibernate Validator's address syntax, a dot in the domain (a
 * newsletter never goes to {@code user@localhost}), at most 254 characters (the SMTP path limit).
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
        if (!validator.validateValue(Address.class, "value", address).isEmpty()) {
            return "not a valid email address";
        }
        return null;
    }

    public boolean isValid(String email) {
        return problem(email) == null;
    }

    record Address(@Email(regexp = "[^@]+@[^@]+\\.[^@.]+") String value) {
    }
}
