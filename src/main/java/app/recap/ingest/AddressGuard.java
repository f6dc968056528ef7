package app.recap.ingest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The request-forgery guard: feed URLs are admin input, so a feed may not make Recap talk to its own machine, its
 * private network or a cloud metadata service. Every host is resolved and every address it resolves to is
 * checked, before the first request and again before each redirect; {@code recap.ingest.allowed-hosts} opens
 * named hosts.
 *
 * <p>The HTTP client resolves the host again when it connects. Both lookups go through the JVM's address cache
 * (30 s by default), so a DNS answer that changes between the check and the connection ("rebinding") has only
 * that cache's expiry to slip through.
 *
 * <p>Other modules that send requests to admin-entered URLs (webhooks) use {@link #refusal(URI, Collection)} with
 * their own allow-list.
 */
@Component
public class AddressGuard {

    /** Resolves a host name; tests substitute one that needs no DNS. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Range(IpAddressMatcher matcher, String kind) {
    }

    private static final List<Range> REFUSED = List.of(
            range("127.0.0.0/8", "loopback"),
            range("::1/128", "loopback"),
            range("0.0.0.0/8", "unspecified"),
            range("::/128", "unspecified"),
            range("10.0.0.0/8", "private-network"),
            range("172.16.0.0/12", "private-network"),
            range("192.168.0.0/16", "private-network"),
            range("fc00::/7", "private-network"),
            range("100.64.0.0/10", "shared (carrier-grade NAT)"),
            range("169.254.0.0/16", "link-local (cloud metadata)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("192.0.0.0/24", "reserved"),
            range("192.0.2.0/24", "documentation"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("2001:db8::/32", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("ff00::/8", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/96", "IPv4-compatible"));

    private final IngestProperties properties;
    private final Resolver resolver;

    @Autowired
    AddressGuard(IngestProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    AddressGuard(IngestProperties properties, Resolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
    }

    /**
     * Why a request to {@code uri} (a WebSub hub, say) is refused by the feeds' rules, including
     * {@code recap.ingest.allowed-hosts}; empty when it may go.
     */
    public Optional<String> refusalForFeeds(URI uri) {
        try {
            check(uri);
            return Optional.empty();
        } catch (FeedParseException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * @throws FeedParseException when the host is not on the allow-list and resolves to a refused address, or does
     *                            not resolve at all
     */
    void check(URI uri) throws FeedParseException {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new FeedParseException("the feed URL has no host name");
        }
        if (properties.allows(host)) {
            return;
        }
        String bare = bare(host);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new FeedParseException("the host name " + host + " could not be found (DNS)", e);
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = refusedKind(address);
            if (kind.isPresent()) {
                throw new FeedParseException("refused: " + host + " resolves to a " + kind.get() + " address ("
                        + address.getHostAddress() + "); list the host in recap.ingest.allowed-hosts if this feed "
                        + "really lives there");
            }
        }
    }

    /**
     * Why a request to {@code uri} is refused, by the same rules as a feed's, or empty when it may go.
     *
     * @param allowedHosts host names (as written in URLs, case-insensitive, IPv6 literals with or without
     *                     brackets) let through whatever they resolve to; never null
     * @return a sentence naming the host and the kind of address it resolves to, or that it has no host or does
     *         not resolve
     */
    public Optional<String> refusal(URI uri, Collection<String> allowedHosts) {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("the URL has no host name");
        }
        String bare = bare(host);
        if (allowedHosts.stream().anyMatch(allowed -> bare(allowed.strip()).equalsIgnoreCase(bare))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.of("the host name " + host + " could not be found (DNS)");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = refusedKind(address);
            if (kind.isPresent()) {
                return Optional.of("refused: " + host + " resolves to a " + kind.get() + " address ("
                        + address.getHostAddress() + ")");
            }
        }
        return Optional.empty();
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The kind of refused range the address lies in, or empty for a public address. */
    static Optional<String> refusedKind(InetAddress address) {
        Optional<String> direct = match(address);
        if (direct.isPresent()) {
            return direct;
        }
        // IPv6 forms that carry an IPv4 address inside: NAT64 (64:ff9b::/96) and 6to4 (2002::/16)
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return embedded(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return embedded(Arrays.copyOfRange(b, 2, 6));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] ipv4) {
        try {
            return match(InetAddress.getByAddress(ipv4));
        } catch (UnknownHostException impossible) {
            return Optional.of("malformed");
        }
    }

    private static Optional<String> match(InetAddress address) {
        String literal;
        try {
            // drops any IPv6 scope id, which the matcher would not parse
            literal = InetAddress.getByAddress(address.getAddress()).getHostAddress();
        } catch (UnknownHostException impossible) {
            return Optional.of("malformed");
        }
        for (Range range : REFUSED) {
            if (range.matcher().matches(literal)) {
                return Optional.of(range.kind());
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, String kind) {
        return new Range(new IpAddressMatcher(cidr), kind);
    }
}
