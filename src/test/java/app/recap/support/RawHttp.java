package app.recap.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for what a well-behaved client cannot send: a {@code Host} of our choosing,
 * a multipart body cut off in the middle, a {@code Content-Length} larger than what follows, chunked bodies. Each
 * exchange may come from its own loopback address (127.0.0.x), so per-client limits in one test never touch
 * another.
 */
public final class RawHttp {

    /** A response as read off the wire; header names lower-cased. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;
    private final String from;

    private RawHttp(int port, String from) {
        this.port = port;
        this.from = from;
    }

    /** Requests to {@code 127.0.0.1:port} sent from the loopback address {@code from}. */
    public static RawHttp to(int port, String from) {
        return new RawHttp(port, from);
    }

    /** Sends the head (request line and headers, CRLF-separated, without the blank line) and then the body. */
    public Response send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head.strip() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer and close before taking the whole body: the answer is what counts
            }
            return read(socket.getInputStream());
        }
    }

    public Response send(String head, String body) throws IOException {
        return send(head, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one response: the head, then as much body as it declares (or its chunks), without waiting for the
     * server to close, since a server that refused a body unread may keep the connection open a while.
     */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n\r\n")) {
            throw new IOException("no HTTP response: " + text);
        }
        String[] lines = text.strip().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                int size;
                while ((size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
            } else {
                in.transferTo(body);
            }
        } catch (IOException reset) {
            // a server that refuses a body it did not read may reset the connection once it answered
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
