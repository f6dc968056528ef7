package app.recap.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import app.recap.subscriber.ClickTracking;

/** Each rule that tells a machine from a reader, one test per rule, against the real {@code /r/} endpoint. */
class MachineClickTests extends TrackingTestBase {

    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private List<String> sentLinks(String slug) throws Exception {
        sentList(slug, 1, ClickTracking.SUBSCRIBER);
        return links(part(onlyMessageTo(slug + "-reader0@example.com"), "text/plain"), "/r/");
    }

    private static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String ip, String agent) {
        return request.header("User-Agent", agent).with(r -> {
            r.setRemoteAddr(ip);
            return r;
        });
    }

    private String reason(String slug) {
        List<String> reasons = jdbc.sql("select coalesce(machine_reason, 'READER') from tracking_event where "
                + ofList(slug) + " order by id").query(String.class).list();
        assertThat(reasons).hasSize(1);
        return reasons.get(0);
    }

    @Test
    void aReaderClickMinutesAfterSendingIsAReaderClick() throws Exception {
        List<String> links = sentLinks("machine-reader");
        clock.advance(Duration.ofMinutes(3));
        mvc.perform(from(get(path(links.get(0))), "198.51.100.7", BROWSER));
        assertThat(reason("machine-reader")).isEqualTo("READER");
    }

    @Test
    void aHeadRequestIsAMachines() throws Exception {
        List<String> links = sentLinks("machine-head");
        clock.advance(Duration.ofMinutes(3));
        int status = mvc.perform(from(head(path(links.get(0))), "198.51.100.8", BROWSER)).andReturn().getResponse()
                .getStatus();
        assertThat(status).isEqualTo(302);
        assertThat(reason("machine-head")).isEqualTo("HEAD");
    }

    @Test
    void aClickWithinTheScannerWindowOfSendingIsAMachines() throws Exception {
        List<String> links = sentLinks("machine-window");
        clock.advance(Duration.ofSeconds(3));
        mvc.perform(from(get(path(links.get(0))), "198.51.100.9", BROWSER));
        assertThat(reason("machine-window")).isEqualTo("SCANNER_WINDOW");
    }

    @Test
    void oneClientOpeningEveryLinkWithinSecondsIsAMachine() throws Exception {
        List<String> links = sentLinks("machine-burst");
        assertThat(links.size()).isGreaterThanOrEqualTo(3);
        clock.advance(Duration.ofMinutes(10));
        for (String link : links) {
            mvc.perform(from(get(path(link)), "198.51.100.10", BROWSER));
            clock.advance(Duration.ofMillis(300));
        }
        List<String> reasons = jdbc.sql("select coalesce(machine_reason, 'READER') from tracking_event where "
                + ofList("machine-burst")).query(String.class).list();
        assertThat(reasons).hasSize(links.size()).containsOnly("BURST");

        // the same reader opening two stories a minute apart is still a reader
        clock.advance(Duration.ofMinutes(1));
        mvc.perform(from(get(path(links.get(0))), "198.51.100.11", BROWSER));
        clock.advance(Duration.ofMinutes(1));
        mvc.perform(from(get(path(links.get(1))), "198.51.100.11", BROWSER));
        assertThat(events(ofList("machine-burst") + " and machine_reason is null")).isEqualTo(2);
    }

    @Test
    void knownLinkScannersAreMachinesByUserAgent() throws Exception {
        List<String> links = sentLinks("machine-agent");
        clock.advance(Duration.ofMinutes(3));
        mvc.perform(from(get(path(links.get(0))), "198.51.100.12",
                "Mozilla/5.0 (compatible; Mimecast URL Protect)"));
        assertThat(reason("machine-agent")).isEqualTo("SCANNER_AGENT");
    }

    @Test
    void knownLinkScannersAreMachinesByAddress() throws Exception {
        List<String> links = sentLinks("machine-network");
        clock.advance(Duration.ofMinutes(3));
        // Microsoft Exchange Online Protection, where Safe Links clicks come from
        mvc.perform(from(get(path(links.get(0))), "40.92.17.5", BROWSER));
        assertThat(reason("machine-network")).isEqualTo("SCANNER_NETWORK");
    }

    @Test
    void gmailsImageProxyOpensAreAMachines() throws Exception {
        var list = world.listWithSubscribers("machine-pixel", 1);
        withTracking(list, ClickTracking.ANONYMOUS, true);
        assertThat(weeklyDigest.run("machine-pixel", W48).jobStatus()).isEqualTo("COMPLETED");
        String pixel = links(part(onlyMessageTo("machine-pixel-reader0@example.com"), "text/html"), "/o/").get(0);
        clock.advance(Duration.ofMinutes(3));
        mvc.perform(from(get(path(pixel)), "66.249.84.1",
                "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"));
        assertThat(reason("machine-pixel")).isEqualTo("IMAGE_PROXY");
    }
}
