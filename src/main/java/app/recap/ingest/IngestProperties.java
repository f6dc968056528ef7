package app.recap.ingest;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of feed ingestion ({@code recap.ingest.*}).
 *
 * @param userAgent         sent with every feed request
 * @param connectTimeout    TCP connect timeout per request
 * @param readTimeout       time allowed for the whole response
 * @param maxBodySize       larger feeds are refused while streaming
 * @param summarySentences  sentences of a plain item's description used as its TL;DR
 * @param defaultImportance importance given to locally enriched stories
 * @param allowedHosts      hosts the request-forgery guard lets through even if they resolve to private addresses
 */
@ConfigurationProperties("recap.ingest")
public record IngestProperties(String userAgent, Duration connectTimeout, Duration readTimeout, DataSize maxBodySize,
        int summarySentences, double defaultImportance, List<String> allowedHosts) {

    public IngestProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
