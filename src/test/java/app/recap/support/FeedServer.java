package app.recap.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on the loopback interface (the JDK's own), serving whatever a test puts at a path and
 * recording every request, so fetching is tested over real sockets: redirects, status codes, conditional GET,
 * gzip, huge and stalling bodies.
 */
public final class FeedServer implements AutoCloseable {

    /** What the server answers at one path. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** One request as the server saw it. */
    public record Request(String method, String path, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytesSent = new AtomicLong();

    public FeedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("loopback HTTP server did not start", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** {@code http://127.0.0.1:port} + path. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FeedServer route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** Serves the bytes with a 200 and the headers given as name, value pairs. */
    public FeedServer serve(String path, byte[] body, String contentType, String... headers) {
        return route(path, exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            send(exchange, 200, body);
        });
    }

    public FeedServer status(String path, int status, String... headers) {
        return route(path, exchange -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            send(exchange, status, ("status " + status).getBytes());
        });
    }

    public FeedServer redirect(String path, int status, String location) {
        return route(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            send(exchange, status, new byte[0]);
        });
    }

    /** Requests for the path, in order. */
    public List<Request> requests(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Body bytes the server managed to hand to the socket. */
    public long bytesSent() {
        return bytesSent.get();
    }

    public void countSent(long bytes) {
        bytesSent.addAndGet(bytes);
    }

    public void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = status == 304 || status == 204 || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
                countSent(body.length);
            }
        }
        exchange.close();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Headers h = exchange.getRequestHeaders();
        h.forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, headers));
        Handler handler = routes.get(path);
        try {
            if (handler == null) {
                send(exchange, 404, "not found".getBytes());
            } else {
                handler.handle(exchange);
            }
        } catch (IOException clientWentAway) {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
