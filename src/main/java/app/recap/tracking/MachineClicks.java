package app.recap.tracking;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Tells machine requests from readers' clicks. Mail gateways (Microsoft Safe Links, Mimecast, Proofpoint,
 * Barracuda) follow every link of a message on arrival to check it, and image proxies fetch pixels on their own, so
 * counting them would rank stories by what scanners open. The signs, in the order checked: a {@code HEAD} request,
 * a scanner's User-Agent or address block (an image proxy's, for pixels), a click within the scanner window of the
 * message being composed, and one client opening several links of one message within seconds (a burst, found as
 * it happens: the burst's earlier clicks are re-labelled). Bursts are watched in this node's memory only, keyed by
 * client address and User-Agent, which are never stored.
 */
@Component
class MachineClicks {

    /** One recent click of one client in one message. */
    private record Recent(long storyId, long eventId, Instant at) {
    }

    private final TrackingProperties properties;
    private final List<String> agents;
    private final List<String> proxies;
    private final List<Network> networks;
    private final Cache<String, List<Recent>> recent;

    MachineClicks(TrackingProperties properties) {
        this.properties = properties;
        this.agents = lower(properties.scannerAgents());
        this.proxies = lower(properties.imageProxies());
        this.networks = properties.scannerNetworks().stream().map(Network::parse).toList();
        this.recent = Caffeine.newBuilder().expireAfterWrite(properties.burstWindow().multipliedBy(2))
                .maximumSize(100_000).build();
    }

    /**
     * The reason a request is a machine's, judged before it is recorded; null when it looks like a reader. Bursts are
     * judged afterwards ({@link #burst}), since they need the event ids.
     */
    MachineReason judge(ClickToken token, String method, String userAgent, String remoteAddress, Instant now) {
        if ("HEAD".equalsIgnoreCase(method)) {
            return MachineReason.HEAD;
        }
        String agent = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        if (token.kind() == ClickToken.Kind.OPEN && proxies.stream().anyMatch(agent::contains)) {
            return MachineReason.IMAGE_PROXY;
        }
        if (agents.stream().anyMatch(agent::contains)) {
            return MachineReason.SCANNER_AGENT;
        }
        if (fromScannerNetwork(remoteAddress)) {
            return MachineReason.SCANNER_NETWORK;
        }
        Instant composed = Instant.ofEpochSecond(token.composedAt());
        if (token.kind() == ClickToken.Kind.CLICK
                && Duration.between(composed, now).compareTo(properties.scannerWindow()) < 0) {
            return MachineReason.SCANNER_WINDOW;
        }
        return null;
    }

    /**
     * Notes a reader click and says which of this client's recent clicks in the same message (this one included) form
     * a burst: {@code burst-links} different stories within {@code burst-window}. Empty when there is no burst.
     */
    List<Long> burst(ClickToken token, String userAgent, String remoteAddress, long eventId, Instant now) {
        String message = token.reader() != null ? "d" + token.reader().deliveryId()
                : "s" + token.editionId() + ":" + token.segmentKey();
        String client = remoteAddress + "|" + (userAgent == null ? "" : userAgent) + "|" + message;
        List<Recent> clicks = recent.get(client, k -> new ArrayList<>());
        synchronized (clicks) {
            Instant since = now.minus(properties.burstWindow());
            clicks.removeIf(c -> c.at().isBefore(since));
            clicks.add(new Recent(token.storyId(), eventId, now));
            recent.put(client, clicks);
            Set<Long> stories = new HashSet<>();
            clicks.forEach(c -> stories.add(c.storyId()));
            if (stories.size() < properties.burstLinks()) {
                return List.of();
            }
            return clicks.stream().map(Recent::eventId).toList();
        }
    }

    private boolean fromScannerNetwork(String remoteAddress) {
        if (remoteAddress == null || networks.isEmpty()) {
            return false;
        }
        byte[] address = Network.literal(remoteAddress);
        return address != null && networks.stream().anyMatch(n -> n.contains(address));
    }

    private static List<String> lower(List<String> fragments) {
        return fragments.stream().filter(f -> !f.isBlank()).map(f -> f.toLowerCase(Locale.ROOT)).toList();
    }

    /** An address block, IPv4 or IPv6, e.g. {@code 40.92.0.0/15}. */
    record Network(byte[] base, int prefix) {

        static Network parse(String cidr) {
            String[] parts = cidr.strip().split("/", 2);
            byte[] base = literal(parts[0]);
            if (base == null) {
                throw new IllegalArgumentException("recap.tracking.scanner-networks: not an address block: " + cidr);
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : base.length * 8;
            return new Network(base, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (base[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** The bytes of an IP literal; null for anything else (never a DNS look-up). */
        static byte[] literal(String text) {
            String t = text.strip();
            boolean ipv4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean ipv6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
            if (!ipv4 && !ipv6) {
                return null;
            }
            try {
                return InetAddress.getByName(t).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
