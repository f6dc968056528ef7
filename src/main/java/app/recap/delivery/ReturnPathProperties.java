package app.recap.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one bounce setting the send path reads ({@code recap.bounces.return-path-domain}); the bounce module binds
 * the rest of {@code recap.bounces.*}.
 *
 * @param returnPathDomain domain of the VERP envelope sender; empty for the list's From domain
 */
@ConfigurationProperties("recap.bounces")
record ReturnPathProperties(String returnPathDomain) {
}
