package app.recap.tracking;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How clicks are told from machine requests ({@code recap.tracking.*}).
 *
 * @param scannerWindow   a click this soon after the message was composed is a link scanner's (mail gateways
 *                        follow every link on arrival)
 * @param burstWindow     one client opening {@code burstLinks} different links of one message within this time is a
 *                        machine: people read before they click again
 * @param burstLinks      how many different links make a burst; at least 2
 * @param scannerAgents   case-insensitive User-Agent fragments of known link scanners
 * @param scannerNetworks address blocks (CIDR) link scanners click from
 * @param imageProxies    User-Agent fragments of image proxies; they fetch open pixels on their own, so an open
 *                        through one counts as a machine's
 */
@ConfigurationProperties("recap.tracking")
record TrackingProperties(Duration scannerWindow, Duration burstWindow, int burstLinks, List<String> scannerAgents,
        List<String> scannerNetworks, List<String> imageProxies) {

    TrackingProperties {
        scannerWindow = scannerWindow == null ? Duration.ofSeconds(10) : scannerWindow;
        burstWindow = burstWindow == null ? Duration.ofSeconds(5) : burstWindow;
        burstLinks = Math.max(2, burstLinks);
        scannerAgents = scannerAgents == null ? List.of() : List.copyOf(scannerAgents);
        scannerNetworks = scannerNetworks == null ? List.of() : List.copyOf(scannerNetworks);
        imageProxies = imageProxies == null ? List.of() : List.copyOf(imageProxies);
    }
}
