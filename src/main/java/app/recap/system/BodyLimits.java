package app.recap.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.apache.coyote.BadRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The largest body each kind of endpoint takes ({@code recap.http.max-body.*}): a request that declares a larger
 * {@code Content-Length} is refused with 413 before a byte of it is read; a chunked one is counted as it is read and
 * refused with 413 as soon as it passes the limit (whatever the endpoint had begun to answer is dropped). Uploads
 * ({@code multipart/*}) go only to the endpoints that take files (subscriber CSV and feed OPML imports, webhooks),
 * and are refused elsewhere with 415 before they are
 * parsed. Every refusal counts as a bad request against the client ({@link MalformedRequests}).
 */
class BodyLimits extends OncePerRequestFilter {

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
    private static final PathPattern API_IMPORT = PARSER.parse("/api/lists/{slug}/imports");
    private static final PathPattern UI_IMPORT = PARSER.parse("/admin/imports");
    private static final PathPattern API_OPML = PARSER.parse("/api/feeds/opml");
    private static final PathPattern UI_OPML = PARSER.parse("/admin/feeds/opml");
    private static final PathPattern BOUNCES = PARSER.parse("/api/bounces/**");
    private static final PathPattern WEBHOOKS = PARSER.parse("/webhooks/**");

    private final HttpProperties.MaxBody limits;
    private final MalformedRequests malformed;

    BodyLimits(HttpProperties properties, MalformedRequests malformed) {
        this.limits = properties.maxBody();
        this.malformed = malformed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        boolean imports = API_IMPORT.matches(path) || UI_IMPORT.matches(path) || API_OPML.matches(path)
                || UI_OPML.matches(path);
        boolean webhooks = WEBHOOKS.matches(path);
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/") && !imports && !webhooks) {
            malformed.noted(request, "upload to an endpoint that takes none");
            response.sendError(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), "This address takes no file uploads.");
            return;
        }
        DataSize limit = imports ? limits.imports() : webhooks ? limits.webhooks()
                : BOUNCES.matches(path) ? limits.bounces()
                : type.startsWith("application/json") || type.matches("application/[^;]*\\+json.*") ? limits.json()
                : limits.other();
        long declared = request.getContentLengthLong();
        if (declared > limit.toBytes()) {
            tooLarge(request, response, limit, "declared " + declared + " bytes");
            return;
        }
        if (declared >= 0 || type.startsWith("multipart/")) {
            // a declared length is all Tomcat reads; uploads are held to the same limits while Tomcat parses them
            chain.doFilter(request, response);
            return;
        }
        Counted counted = new Counted(request, response, limit.toBytes());
        try {
            chain.doFilter(counted, counted.response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!counted.exceeded) {
                throw e;
            }
        }
        if (!counted.exceeded) {
            counted.finish();
        } else if (!response.isCommitted()) {
            response.reset();
            tooLarge(request, response, limit, "chunked body");
        }
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, DataSize limit, String what)
            throws IOException {
        malformed.noted(request, "body too large (" + what + ", limit " + limit.toBytes() + " bytes)");
        response.sendError(HttpStatus.CONTENT_TOO_LARGE.value(),
                "The request body is larger than this address takes (" + limit.toKilobytes() + " KB).");
    }

    /** Thrown where the application reads past the limit; the filter answers 413 when the call returns. */
    static final class BodyTooLarge extends BadRequestException {

        BodyTooLarge(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    /**
     * A chunked request whose body stops at the limit, and its response, which the application may no longer
     * write to once the limit is passed (so it cannot commit an answer of its own before the 413).
     */
    private static final class Counted extends HttpServletRequestWrapper {

        final long limit;
        final Silenced response;
        volatile boolean exceeded;
        private long read;
        private ServletInputStream stream;

        Counted(HttpServletRequest request, HttpServletResponse response, long limit) {
            super(request);
            this.limit = limit;
            this.response = new Silenced(response);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        /** Writes out what the application wrote through its writer. */
        void finish() {
            if (response.writer != null) {
                response.writer.flush();
            }
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                exceeded = true;
                throw new BodyTooLarge(limit);
            }
        }

        /** Drops whatever the application answers once the body was cut off. */
        private final class Silenced extends HttpServletResponseWrapper {

            private ServletOutputStream out;
            private PrintWriter writer;

            Silenced(HttpServletResponse response) {
                super(response);
            }

            @Override
            public void setStatus(int sc) {
                if (!exceeded) {
                    super.setStatus(sc);
                }
            }

            @Override
            public void sendError(int sc, String msg) throws IOException {
                if (!exceeded) {
                    super.sendError(sc, msg);
                }
            }

            @Override
            public void sendError(int sc) throws IOException {
                if (!exceeded) {
                    super.sendError(sc);
                }
            }

            @Override
            public void sendRedirect(String location) throws IOException {
                if (!exceeded) {
                    super.sendRedirect(location);
                }
            }

            @Override
            public void flushBuffer() throws IOException {
                if (!exceeded) {
                    super.flushBuffer();
                }
            }

            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                if (out == null) {
                    ServletOutputStream real = super.getOutputStream();
                    out = new ServletOutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            if (!exceeded) {
                                real.write(b);
                            }
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            if (!exceeded) {
                                real.write(b, off, len);
                            }
                        }

                        @Override
                        public void flush() throws IOException {
                            if (!exceeded) {
                                real.flush();
                            }
                        }

                        @Override
                        public boolean isReady() {
                            return real.isReady();
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                            real.setWriteListener(listener);
                        }
                    };
                }
                return out;
            }

            @Override
            public PrintWriter getWriter() throws IOException {
                if (writer == null) {
                    String encoding = getCharacterEncoding();
                    writer = new PrintWriter(new OutputStreamWriter(getOutputStream(),
                            encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
                }
                return writer;
            }
        }
    }
}
