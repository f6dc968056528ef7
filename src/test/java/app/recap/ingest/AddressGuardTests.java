package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class AddressGuardTests {

    /** A DNS that knows a few names, so no test depends on the network. */
    private static final Map<String, String> DNS = Map.of(
            "news.example", "93.184.216.34",
            "intranet.example", "10.1.2.3",
            "rebind.example", "169.254.169.254",
            "v6.example", "2606:4700::6810:84e5",
            "v6-private.example", "fd00:ec2::254");

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback", "127.1.2.3, loopback", "::1, loopback",
            "10.0.0.1, private-network", "172.16.5.4, private-network", "172.31.255.255, private-network",
            "192.168.1.1, private-network", "fd00::1, private-network", "fc00::1, private-network",
            "169.254.169.254, link-local (cloud metadata)", "fe80::1, link-local",
            "100.64.0.1, shared (carrier-grade NAT)", "100.100.100.200, shared (carrier-grade NAT)",
            "0.0.0.0, unspecified", "::, unspecified", "224.0.0.1, multicast", "255.255.255.255, reserved",
            "::ffff:127.0.0.1, loopback", "::ffff:10.0.0.1, private-network",
            "64:ff9b::a9fe:a9fe, link-local (cloud metadata)", "2002:7f00:1::, loopback",
            "fec0::1, site-local", "feff::1, site-local", "192.0.0.8, reserved", "192.0.0.255, reserved",
            "192.0.2.1, documentation", "198.51.100.7, documentation", "203.0.113.9, documentation",
            "2001:db8::1, documentation", "2001:db8:ffff::1, documentation", "198.18.0.1, benchmarking",
            "198.19.255.255, benchmarking", "ff02::1, multicast", "ff0e::101, multicast"})
    void refusesAddressesInsideTheNetwork(String address, String kind) throws Exception {
        assertThat(AddressGuard.refusedKind(InetAddress.getByName(address))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::6810:84e5", "2a00:1450::1",
            "192.0.1.1", "192.0.3.1", "198.17.255.255", "198.20.0.1", "198.51.101.1", "203.0.114.1", "2001:db9::1" })
    void letsPublicAddressesThrough(String address) throws Exception {
        assertThat(AddressGuard.refusedKind(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void checksWhatAHostNameResolvesTo() {
        AddressGuard guard = guard(List.of());

        assertThatCode(() -> guard.check(URI.create("https://news.example/feed"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("https://v6.example/feed"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check(URI.create("https://intranet.example/feed")))
                .hasMessage("refused: intranet.example resolves to a private-network address (10.1.2.3); list the "
                        + "host in recap.ingest.allowed-hosts if this feed really lives there");
        assertThatThrownBy(() -> guard.check(URI.create("http://rebind.example/latest/meta-data/")))
                .hasMessageStartingWith("refused: rebind.example resolves to a link-local (cloud metadata) address");
        assertThatThrownBy(() -> guard.check(URI.create("http://v6-private.example/")))
                .hasMessageStartingWith("refused: v6-private.example resolves to a private-network address");
        assertThatThrownBy(() -> guard.check(URI.create("http://[::1]:8080/feed")))
                .hasMessageStartingWith("refused: [::1] resolves to a loopback address");
    }

    @Test
    void anUnknownHostIsAClearError() {
        assertThatThrownBy(() -> guard(List.of()).check(URI.create("https://nowhere.example/feed")))
                .hasMessage("the host name nowhere.example could not be found (DNS)");
    }

    @Test
    void allowedHostsOpenExactlyTheNamedHosts() {
        AddressGuard guard = guard(List.of("Intranet.Example", "127.0.0.1", "[::1]"));

        assertThatCode(() -> guard.check(URI.create("https://intranet.example/feed"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("http://127.0.0.1:8080/feed"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("http://[::1]:8080/feed"))).doesNotThrowAnyException();
        // the allow-list names hosts, not addresses: another name for the same address is still refused
        assertThatThrownBy(() -> guard.check(URI.create("http://rebind.example/"))).hasMessageStartingWith("refused");
    }

    @Test
    void refusalForFeedsGivesTheFeedsReasonInsteadOfThrowing() {
        AddressGuard guard = guard(List.of("intranet.example"));

        assertThat(guard.refusalForFeeds(URI.create("https://news.example/hub"))).isEmpty();
        assertThat(guard.refusalForFeeds(URI.create("https://intranet.example/hub"))).as("allowed host").isEmpty();
        assertThat(guard.refusalForFeeds(URI.create("http://127.0.0.1:9/hub")))
                .contains("refused: 127.0.0.1 resolves to a loopback address (127.0.0.1); list the host in "
                        + "recap.ingest.allowed-hosts if this feed really lives there");
        assertThat(guard.refusalForFeeds(URI.create("https://nowhere.example/hub")))
                .contains("the host name nowhere.example could not be found (DNS)");
        assertThat(guard.refusalForFeeds(URI.create("mailto:hub@news.example")))
                .contains("the feed URL has no host name");
    }

    @Test
    void refusalWithItsOwnAllowListChecksWhatTheHostResolvesTo() {
        AddressGuard guard = guard(List.of("intranet.example")); // the feeds' allow-list does not apply here

        assertThat(guard.refusal(URI.create("https://news.example/hook"), List.of())).isEmpty();
        assertThat(guard.refusal(URI.create("https://v6.example/hook"), List.of())).isEmpty();
        assertThat(guard.refusal(URI.create("https://intranet.example/hook"), List.of()))
                .contains("refused: intranet.example resolves to a private-network address (10.1.2.3)");
        assertThat(guard.refusal(URI.create("http://rebind.example/"), List.of("news.example")))
                .contains("refused: rebind.example resolves to a link-local (cloud metadata) address "
                        + "(169.254.169.254)");
        assertThat(guard.refusal(URI.create("https://nowhere.example/hook"), List.of()))
                .contains("the host name nowhere.example could not be found (DNS)");
        assertThat(guard.refusal(URI.create("mailto:x@news.example"), List.of())).contains("the URL has no host name");
        // its own list: names as written in URLs, any case, IPv6 literals with or without brackets, spaces trimmed
        assertThat(guard.refusal(URI.create("https://intranet.example/hook"), List.of(" INTRANET.example ")))
                .isEmpty();
        assertThat(guard.refusal(URI.create("http://[::1]:8080/hook"), List.of("::1"))).isEmpty();
        assertThat(guard.refusal(URI.create("http://[::1]:8080/hook"), List.of("[::1]"))).isEmpty();
        assertThat(guard.refusal(URI.create("http://[::1]:8080/hook"), List.of("127.0.0.1")))
                .contains("refused: [::1] resolves to a loopback address (0:0:0:0:0:0:0:1)");
    }

    private static AddressGuard guard(List<String> allowed) {
        IngestProperties properties = new IngestProperties("UA", Duration.ofSeconds(1), Duration.ofSeconds(1),
                DataSize.ofMegabytes(10), 5, 2, 0.5, allowed, "-", 1, Duration.ofHours(1), Duration.ofHours(24), 500, 500);
        return new AddressGuard(properties, host -> {
            String address = DNS.get(host);
            if (address != null) {
                return new InetAddress[] {InetAddress.getByName(address)};
            }
            if (host.matches("[0-9.]+|.*:.*")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        });
    }
}
