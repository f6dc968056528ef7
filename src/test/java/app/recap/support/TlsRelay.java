package app.recap.support;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A relay like a provider's submission port, on loopback: either STARTTLS on a plain port (587 style) or TLS from
 * the first byte (465 style), and in both AUTH (PLAIN or LOGIN) is refused before TLS and MAIL before AUTH, as
 * real relays do. GreenMail cannot play this part: its SMTP has no STARTTLS and takes mail without AUTH. The
 * certificate is {@code tls/relay-keystore.p12} (CN and SAN localhost, 127.0.0.1); {@code tls/relay-truststore.p12}
 * holds it for the client. Records each message's raw bytes as received, dot-unstuffed.
 */
public final class TlsRelay implements AutoCloseable {

    public static final String TRUST_STORE = "classpath:tls/relay-truststore.p12";
    public static final String TRUST_STORE_PASSWORD = "changeit";

    /** A message the relay accepted, with how the session was secured and who logged in. */
    public record Accepted(String user, String tlsProtocol, List<String> recipients, byte[] data) {
    }

    private final ServerSocket server;
    private final boolean implicitTls;
    private final String user;
    private final String password;
    private final SSLContext tls;
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public TlsRelay(int port, boolean implicitTls, String user, String password) throws Exception {
        this.implicitTls = implicitTls;
        this.user = user;
        this.password = password;
        this.tls = serverContext();
        this.server = implicitTls
                ? tls.getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress())
                : new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tls-relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    /** Every 5xx the relay answered, and TLS handshakes that failed on its side. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public void clear() {
        accepted.clear();
        refusals.clear();
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsRelay.class.getClassLoader().getResourceAsStream("tls/relay-keystore.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread session = new Thread(() -> serve(client), "tls-relay-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket accepted) {
        Socket client = accepted;
        try {
            Session s = new Session(client, implicitTls ? ((SSLSocket) client).getSession().getProtocol() : null);
            s.reply("220 relay.test ESMTP");
            String authenticated = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = s.in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (command) {
                    case "EHLO" -> s.reply("250-relay.test\r\n250-8BITMIME\r\n"
                            + (s.tlsProtocol == null ? "250-STARTTLS\r\n" : "250-AUTH PLAIN LOGIN\r\n") + "250 SIZE 52428800");
                    case "STAR" -> {
                        if (s.tlsProtocol != null) {
                            s.refuse("503 5.5.1 TLS already active");
                            break;
                        }
                        s.reply("220 2.0.0 Ready to start TLS");
                        SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client,
                                client.getInetAddress().getHostAddress(), client.getPort(), true);
                        secured.setUseClientMode(false);
                        try {
                            secured.startHandshake();
                        } catch (IOException e) {
                            refusals.add("TLS handshake failed: " + e.getMessage());
                            throw e;
                        }
                        client = secured;
                        open.add(secured);
                        s = new Session(secured, secured.getSession().getProtocol());
                        authenticated = null;
                    }
                    case "AUTH" -> {
                        if (s.tlsProtocol == null) {
                            s.refuse("530 5.7.0 Must issue a STARTTLS command first");
                            break;
                        }
                        String[] words = line.split(" ");
                        String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
                        String who;
                        String secret;
                        if (mechanism.equals("PLAIN")) {
                            String response = words.length > 2 ? words[2] : s.ask("334 ");
                            String[] parts = decode(response).split("\0", -1);
                            who = parts.length == 3 ? parts[1] : "";
                            secret = parts.length == 3 ? parts[2] : "";
                        } else if (mechanism.equals("LOGIN")) {
                            who = decode(words.length > 2 ? words[2] : s.ask("334 VXNlcm5hbWU6"));
                            secret = decode(s.ask("334 UGFzc3dvcmQ6"));
                        } else {
                            s.refuse("504 5.5.4 Unrecognised authentication type");
                            break;
                        }
                        if (user.equals(who) && password.equals(secret)) {
                            authenticated = who;
                            s.reply("235 2.7.0 Authentication successful");
                        } else {
                            s.refuse("535 5.7.8 Authentication credentials invalid");
                        }
                    }
                    case "HELO", "NOOP" -> s.reply("250 OK");
                    case "MAIL" -> {
                        if (authenticated == null) {
                            s.refuse("530 5.7.0 Authentication required");
                            break;
                        }
                        recipients.clear();
                        s.reply("250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')));
                        s.reply("250 2.1.5 OK");
                    }
                    case "DATA" -> {
                        s.reply("354 End data with <CR><LF>.<CR><LF>");
                        ByteArrayOutputStream data = new ByteArrayOutputStream();
                        String dataLine;
                        while ((dataLine = s.in.readLine()) != null && !dataLine.equals(".")) {
                            String unstuffed = dataLine.startsWith(".") ? dataLine.substring(1) : dataLine;
                            data.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        }
                        this.accepted.add(new Accepted(authenticated, s.tlsProtocol, List.copyOf(recipients),
                                data.toByteArray()));
                        s.reply("250 2.0.0 Queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        s.reply("250 2.0.0 OK");
                    }
                    case "QUIT" -> {
                        s.reply("221 2.0.0 Bye");
                        return;
                    }
                    default -> s.refuse("502 5.5.2 Command not recognised");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (implicitTls && accepted == client) {
                refusals.add("TLS session ended: " + e.getMessage());
            }
        } finally {
            try {
                client.close();
            } catch (IOException ignored) {
                // gone already
            }
            open.remove(accepted);
            open.remove(client);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
    }

    /** One protocol phase of a connection: before STARTTLS, then over TLS. Lines read as ISO-8859-1, byte for byte. */
    private final class Session {

        final BufferedReader in;
        final OutputStream out;
        final String tlsProtocol;

        Session(Socket socket, String tlsProtocol) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
            this.tlsProtocol = tlsProtocol;
        }

        void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void refuse(String text) throws IOException {
            refusals.add(text);
            reply(text);
        }

        String ask(String prompt) throws IOException {
            reply(prompt);
            return in.readLine();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
