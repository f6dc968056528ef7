package app.recap.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

import app.recap.RecapProperties;

/**
 * The servlet filters every request meets before Spring Security, outermost first: absolute URLs from the base
 * URL, malformed requests, body limits, cross-site requests. In front of the security filter chains, so no chain
 * (nor one added later, for a new way of signing in) can leave them out.
 */
@Configuration(proxyBeanMethods = false)
class RequestFilterConfiguration {

    private static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<BaseUrlRequests> baseUrlRequests(RecapProperties recap) {
        return registration(new BaseUrlRequests(recap), FIRST);
    }

    @Bean
    MalformedRequests malformedRequests(HttpProperties http) {
        return new MalformedRequests(http);
    }

    @Bean
    FilterRegistrationBean<MalformedRequests> malformedRequestsRegistration(MalformedRequests malformed) {
        return registration(malformed, FIRST + 1);
    }

    @Bean
    FilterRegistrationBean<BodyLimits> bodyLimits(HttpProperties http, MalformedRequests malformed) {
        return registration(new BodyLimits(http, malformed), FIRST + 2);
    }

    @Bean
    FilterRegistrationBean<CrossSiteRequests> crossSiteRequests(RecapProperties recap, HttpProperties http) {
        return registration(new CrossSiteRequests(recap, http), FIRST + 3);
    }

    /**
     * Spring MVC's multipart resolver, except that an error page never parses the failed request's parts (they may
     * be why it failed, and the error would otherwise repeat while rendering the page).
     */
    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return request.getDispatcherType() != DispatcherType.ERROR && super.isMultipart(request);
            }
        };
    }

    private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        return registration;
    }
}
