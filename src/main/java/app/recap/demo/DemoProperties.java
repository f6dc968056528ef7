package app.recap.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The demo ({@code recap.demo.*}), on in the {@code demo} profile.
 *
 * @param content the demo's list, audiences, feeds and subscribers as JSON
 */
@ConfigurationProperties("recap.demo")
record DemoProperties(boolean enabled, Resource content) {
}
