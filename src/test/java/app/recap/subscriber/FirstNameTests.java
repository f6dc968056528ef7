package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirstNameTests {

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "Priya Raman, Priya",
            "'Raman, Priya', Priya",
            "Fatima Zahra Benali, Fatima",
            "Dr. Jane Goodall, Jane",
            "Prof Ada Lovelace, Ada",
            "Herr Müller, Müller",
            "Björk, Björk",
            "'  Grace   Hopper ', Grace",
            "J. Smith, NONE",
            "A, NONE",
            "ada@example.com, NONE",
            "123, NONE",
            "'   ', NONE",
            "NONE, NONE"})
    void greetsByTheFirstWordOfTheNameOrNeutrally(String name, String expected) {
        assertThat(FirstName.of(name)).isEqualTo(expected);
    }
}
