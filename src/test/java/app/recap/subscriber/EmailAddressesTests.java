package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The character loop that accepts plain addresses without the Validator must never accept what the Validator
 * refuses, and the answers of {@link EmailAddresses#problem} must be the Validator's.
 */
class EmailAddressesTests {

    private static ValidatorFactory factory;
    private static Validator validator;
    private static EmailAddresses addresses;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
        addresses = new EmailAddresses(validator);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static boolean validatorAccepts(String address) {
        return validator.validateValue(EmailAddresses.Address.class, "value", address).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "Ada.Lovelace@Example.COM", "a.b.c@d.e", "o'brien@example.ie",
            "user+tag@sub.example.co.uk", "x@a-b.example", "x@a--b.example", "!#$%&'*+-/=?^_`{|}~@example.com",
            "a@xn--bcher-kva.example", "reader1@bench.example", "a@1.2", "a@b.c"})
    void acceptsPlainAddressesWithoutTheValidatorAsTheValidatorDoes(String address) {
        assertThat(EmailAddresses.plainAddress(address)).isTrue();
        assertThat(validatorAccepts(address)).isTrue();
        assertThat(addresses.problem(address)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", ".ada@example.com", "ada.@example.com", "a..b@example.com",
            "ada@example.com.", "ada@.example.com", "ada@example..com", "ada@-example.com", "ada@example-.com",
            "ada@@example.com", "a@b@example.com", "ada example@example.com", "ada@exa mple.com", "@example.com",
            "ada@", "ada", "not-an-address-9999", "ada@example.c\u00f6m", "\"ada\"@example.com", "ada@[192.168.0.1]",
            "ada(comment)@example.com", "ada@exam_ple.com\u0000", "ada,lovelace@example.com", "ada@example,com",
            "ada@ex:ample.com", "ada;x@example.com"})
    void leavesEverythingElseToTheValidator(String address) {
        assertThat(EmailAddresses.plainAddress(address)).isFalse();
        assertThat(addresses.problem(address) == null).isEqualTo(validatorAccepts(address));
    }

    @Test
    void refusesOverlongPartsAsTheValidatorDoes() {
        String local64 = "a".repeat(64);
        String label63 = "b".repeat(63);
        assertThat(EmailAddresses.plainAddress(local64 + "@example.com")).isTrue();
        assertThat(validatorAccepts(local64 + "@example.com")).isTrue();
        assertThat(EmailAddresses.plainAddress(local64 + "a@example.com")).isFalse();
        assertThat(validatorAccepts(local64 + "a@example.com")).isFalse();
        assertThat(EmailAddresses.plainAddress("a@" + label63 + ".com")).isTrue();
        assertThat(validatorAccepts("a@" + label63 + ".com")).isTrue();
        assertThat(EmailAddresses.plainAddress("a@" + label63 + "b.com")).isFalse();
        assertThat(validatorAccepts("a@" + label63 + "b.com")).isFalse();
        assertThat(addresses.problem("a@" + "c".repeat(250) + ".com")).isEqualTo("address is longer than 254 characters");
    }

    @Test
    void neverAcceptsWhatTheValidatorRefusesAmongRandomAddresses() {
        // short strings over the characters that matter to either check, so that every rule is met and broken
        // often: half from a narrow alphabet (mostly plain addresses and near misses), half from a wide one
        String narrow = "ab9-.";
        String wide = "aZ9.-@_!\"( ,[]:\u00e9xn";
        Random random = new Random(15);
        int plain = 0;
        for (int n = 0; n < 100_000; n++) {
            String alphabet = n % 2 == 0 ? narrow : wide;
            StringBuilder address = new StringBuilder();
            int length = 3 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                address.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            address.insert(1 + random.nextInt(address.length() - 1), '@');
            String candidate = address.toString();
            boolean expected = validatorAccepts(candidate);
            if (EmailAddresses.plainAddress(candidate)) {
                plain++;
                assertThat(expected).as(candidate).isTrue();
            }
            // problem() strips the address and refuses a blank one before asking anyone
            boolean acceptedAfterStrip = !candidate.isBlank() && validatorAccepts(candidate.strip());
            assertThat(addresses.problem(candidate) == null).as(candidate).isEqualTo(acceptedAfterStrip);
        }
        // the loop must answer a good share itself, or the test would prove nothing
        assertThat(plain).isGreaterThan(1_000);
    }
}
