package app.recap.ingest.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ESPs' click trackers: destinations carried in the link come out; opaque trackers are recognised. */
class TrackingLinksTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // ConvertKit: base64url destination as the last path segment
            "https://click.convertkit-mail2.com/v8u0m9q3n5/reh8h0qk5/aHR0cHM6Ly93d3cuZXhhbXBsZS5vcmcvcmVwb3J0cy9zdGF0ZS1vZi1yYWctMjAyNg | https://www.example.org/reports/state-of-rag-2026",
            // a url= parameter, percent-encoded (many ESPs and link shorteners)
            "https://links.esp.example/c?url=https%3A%2F%2Fnews.example.com%2Fa%3Fb%3D1&sig=x | https://news.example.com/a?b=1",
            // nested: a redirect whose destination is itself a wrapped link
            "https://click.a.example/?u=https%3A%2F%2Fclick.b.example%2F%3Furl%3Dhttps%253A%252F%252Fz.example%252Fp | https://z.example/p",
            // Mailchimp's u= is an account id, not a URL: nothing to unwrap
            "https://x.us1.list-manage.com/track/click?u=5d1f0a&id=11aa&e=9c8d7e | https://x.us1.list-manage.com/track/click?u=5d1f0a&id=11aa&e=9c8d7e",
            "https://www.example.com/article | https://www.example.com/article"})
    void unwrapsDestinationsTheLinkCarries(String link, String destination) {
        assertThat(TrackingLinks.unwrap(link)).isEqualTo(destination);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://x.us1.list-manage.com/track/click?u=1&id=2 | true",
            "https://substack.com/redirect/2/eyJlIjoi | true",
            "https://link.mail.beehiiv.com/ss/c/u001.abc/4a9/h0/x | true",
            "https://u123.ct.sendgrid.net/ls/click?upn=abc | true",
            "https://aiweekly.substack.com/p/why-benchmark-scores | false",
            "https://www.example.com/news | false",
            "https://t.tracker.example/anything | true"})
    void recognisesTrackers(String link, boolean tracker) {
        assertThat(TrackingLinks.isTracker(link, List.of("tracker.example"))).isEqualTo(tracker);
    }
}
