package app.recap.edition;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.templateresolver.SpringResourceTemplateResolver;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Adds a TEXT-mode resolver for {@code *.txt} templates (plain-text email parts) beside Spring Boot's HTML one.
 * It reads from the same location, so operators override both kinds by pointing
 * {@code spring.thymeleaf.prefix} at their own folder.
 */
@Configuration(proxyBeanMethods = false)
class TextTemplateConfiguration {

    @Bean
    SpringResourceTemplateResolver textTemplateResolver(ApplicationContext context,
            @Value("${spring.thymeleaf.prefix:classpath:/templates/}") String prefix,
            @Value("${spring.thymeleaf.cache:true}") boolean cache) {
        SpringResourceTemplateResolver resolver = new SpringResourceTemplateResolver();
        resolver.setApplicationContext(context);
        resolver.setPrefix(prefix);
        resolver.setSuffix("");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setResolvablePatterns(Set.of("*.txt"));
        resolver.setCacheable(cache);
        resolver.setOrder(0);
        resolver.setCheckExistence(true);
        return resolver;
    }
}
