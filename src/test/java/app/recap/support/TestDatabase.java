package app.recap.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at the database the test run is for. The README's test command runs the suite
 * twice: on H2, with each test's own {@code jdbc:h2:mem:} URL, and then every class tagged {@value #TAG} once more
 * with {@code -Drecap.test.database=postgresql}, where this gives each application context a fresh database on
 * one embedded PostgreSQL server (and the {@code postgres} profile, which the surefire execution activates).
 *
 * <p>Every Spring test class must carry {@code @Tag("database")}: a context without it fails to load, because
 * it would silently never run on PostgreSQL.
 */
public class TestDatabase implements ContextCustomizerFactory {

    public static final String TAG = "database";
    public static final String PROPERTY = "recap.test.database";
    public static final String POSTGRESQL = "postgresql";

    private static final AtomicInteger databases = new AtomicInteger();

    /** True in the PostgreSQL run of the suite. */
    public static boolean isPostgresql() {
        return POSTGRESQL.equals(System.getProperty(PROPERTY));
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        boolean tagged = AnnotationSupport.findRepeatableAnnotations(testClass, Tag.class).stream()
                .anyMatch(tag -> TAG.equals(tag.value()));
        if (!tagged) {
            throw new IllegalStateException(testClass.getName() + " starts an application context but is not tagged @Tag(\""
                    + TAG + "\"), so the PostgreSQL run of the suite would leave it out");
        }
        return isPostgresql() ? new OnPostgresql() : null;
    }

    /** A fresh PostgreSQL database for each context, taking precedence over the test's own datasource URL. */
    private static final class OnPostgresql implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String url = Postgres.jdbcUrl("recap_test_" + databases.incrementAndGet());
            MapPropertySource database = new MapPropertySource("recap-test-postgresql", Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "postgres"));
            // added when the context refreshes, after every other customizer (@DynamicPropertySource among them)
            // has put its properties first
            context.addBeanFactoryPostProcessor(new BeanDefinitionRegistryPostProcessor() {
                @Override
                public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                    context.getEnvironment().getPropertySources().addFirst(database);
                }

                @Override
                public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
                }
            });
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OnPostgresql;
        }

        @Override
        public int hashCode() {
            return OnPostgresql.class.hashCode();
        }
    }
}
