package app.recap.system;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import app.recap.RecapProperties;

/**
 * Every absolute URL the server makes (redirect {@code Location}s, {@code Location}s of created resources, saved
 * requests) starts with {@code recap.base-url}, never with the request's {@code Host} or forwarded headers, which
 * anyone can set: the request's scheme, host and port are presented as the base URL's. Redirects stay relative
 * ({@code server.tomcat.use-relative-redirects}), so Tomcat does not complete them with the {@code Host} either.
 * The client's address is left alone (see {@code server.tomcat.remoteip.*}).
 */
class BaseUrlRequests extends OncePerRequestFilter {

    private final String scheme;
    private final String host;
    private final int port;

    BaseUrlRequests(RecapProperties recap) {
        URI base = recap.baseUrl();
        this.scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : "https".equals(scheme) ? 443 : 80;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getScheme() {
                return scheme;
            }

            @Override
            public String getServerName() {
                return host;
            }

            @Override
            public int getServerPort() {
                return port;
            }

            @Override
            public boolean isSecure() {
                return "https".equals(scheme);
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = new StringBuffer(scheme).append("://").append(host);
                if (port != ("https".equals(scheme) ? 443 : 80)) {
                    url.append(':').append(port);
                }
                return url.append(getRequestURI());
            }
        }, response);
    }
}
