package app.recap.system;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Requests no browser sends (multipart without a boundary, a multipart body cut off before its end, a body the
 * connection lost half-way) are the client's mistake or a probe: they are answered 400 with the friendly error
 * page or a problem document ({@link ErrorPages}), never a 500, and logged as one line without a stack trace.
 * Each such request, and each body refused as too large ({@link BodyLimits}), takes a token from the client
 * address's bucket (Bucket4j, as for failed sign-ins); an address with none left is answered 429 until tokens come
 * back, so a flood costs the server nothing but this check.
 */
class MalformedRequests extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);
    private static final int MAX_CLIENTS = 100_000;

    private final HttpProperties.BadRequests limits;
    private final Cache<String, Bucket> buckets;

    MalformedRequests(HttpProperties properties) {
        this.limits = properties.badRequests();
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(limits.period()).build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket bucket = buckets.getIfPresent(request.getRemoteAddr());
        if (bucket != null && bucket.getAvailableTokens() <= 0) {
            long seconds = Math.max(1, Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill())
                    .toSeconds());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(),
                    "Too many malformed requests from your address; try again in " + seconds + " seconds.");
            return;
        }
        String contentType = request.getContentType();
        // (a request that arrives with its parts already parsed, as MockMvc makes them, has nothing left to parse)
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
                && !contentType.toLowerCase(Locale.ROOT).contains("boundary=")
                && WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class) == null) {
            refuse(request, response, "multipart without a boundary");
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            Throwable cause = malformation(e);
            if (cause == null) {
                throw e;
            }
            if (response.isCommitted()) {
                noted(request, cause.getClass().getSimpleName() + " after the response was sent");
                return;
            }
            response.reset();
            refuse(request, response, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /** Counts a malformed or refused request against its client address, and logs it in one line. */
    void noted(HttpServletRequest request, String reason) {
        String client = request.getRemoteAddr();
        Bucket bucket = buckets.get(client, key -> Bucket.builder().addLimit(Bandwidth.builder()
                .capacity(limits.limit()).refillGreedy(limits.limit(), limits.period()).build()).build());
        bucket.tryConsume(1);
        log.warn("malformed request refused client={} method={} path={} reason={}{}", client, request.getMethod(),
                loggable(request.getRequestURI()), oneLine(reason),
                bucket.getAvailableTokens() <= 0 ? " (client throttled)" : "");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        noted(request, reason);
        response.sendError(HttpStatus.BAD_REQUEST.value(), "The request is malformed: "
                + (reason.startsWith("multipart") ? reason : "its body is incomplete or not what it claims to be")
                + ".");
    }

    /** The client's part in an exception, or null when the fault is ours. */
    private static Throwable malformation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MaxUploadSizeExceededException) {
                return null;   // answered 413 by Spring MVC itself
            }
            if (t instanceof MultipartException || t instanceof FileUploadException
                    || t instanceof InvalidParameterException || t instanceof BadRequestException) {
                return t;
            }
        }
        return null;
    }

    /** A token page's path without its token: the log is no place for a subscriber's key. */
    private static String loggable(String path) {
        return path.replaceFirst("^/([upcro])/[^/]+", "/$1/...");
    }

    private static String oneLine(String text) {
        String flat = String.valueOf(text).replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
