package app.recap.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Loads the DKIM keys at start-up: a missing or unreadable key stops the start rather than sending unsigned. */
@Configuration(proxyBeanMethods = false)
class DkimConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DkimConfiguration.class);

    @Bean
    DkimSigner dkimSigner(DkimProperties properties, ResourceLoader resources, Clock clock) {
        List<DkimKey> keys = new ArrayList<>();
        if (properties.rsaConfigured()) {
            keys.add(read(resources, DkimKey.Algorithm.RSA_SHA256, properties.selector(), properties.privateKey()));
        } else if (DkimProperties.present(properties.selector()) || DkimProperties.present(properties.privateKey())) {
            throw new IllegalStateException("DKIM needs both recap.dkim.selector and recap.dkim.private-key");
        }
        if (properties.ed25519().configured()) {
            if (keys.isEmpty()) {
                // RFC 8463 asks for an RSA signature beside Ed25519: not every verifier knows Ed25519 yet
                throw new IllegalStateException("recap.dkim.ed25519 needs the RSA key (recap.dkim.selector and private-key)");
            }
            keys.add(read(resources, DkimKey.Algorithm.ED25519_SHA256, properties.ed25519().selector(),
                    properties.ed25519().privateKey()));
        }
        if (keys.isEmpty()) {
            log.info("DKIM signing off (set recap.dkim.selector and recap.dkim.private-key to sign)");
            return DkimSigner.none();
        }
        SigningProvider provider = SigningProvider.choose(properties.nativeCrypto());
        if (provider.why() == null) {
            log.info("DKIM signs with {}", provider.describe());
        } else {
            log.warn("DKIM signs with {}, about ten times slower per RSA signature: native provider unavailable ({})",
                    provider.describe(), provider.why());
        }
        DkimSigner signer = new DkimSigner(keys, properties.domain(), provider, clock);
        for (DkimKey key : keys) {
            log.info("DKIM key {} selector={} domain={}", key.algorithm().tag, key.selector(),
                    signer.domain() == null ? "(each message's From domain)" : signer.domain());
        }
        return signer;
    }

    private static DkimKey read(ResourceLoader resources, DkimKey.Algorithm algorithm, String selector, String location) {
        Resource resource = resources.getResource(location.strip());
        try (InputStream in = resource.getInputStream()) {
            return DkimKey.read(algorithm, selector.strip(), in, location);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the DKIM key " + location + ": " + e.getMessage(), e);
        }
    }
}
