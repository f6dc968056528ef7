package app.recap.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server on loopback whose RCPT replies are scripted per recipient, for the replies GreenMail
 * cannot give: 4xx deferrals, throttling, 5xx "no such user". Records every accepted message with the time it
 * arrived. Speaks just enough ESMTP for Jakarta Mail (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** A message the server accepted. */
    public record Accepted(String recipient, long nanoTime, String data, String mailFrom) {
    }

    private final ServerSocket socket;
    private final Map<String, Deque<String>> scripts = new ConcurrentHashMap<>();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final boolean pipelining;

    public ScriptedSmtpServer(int port) throws IOException {
        this(port, false);
    }

    /** @param pipelining whether EHLO announces PIPELINING (RFC 2920); commands are read in order either way */
    public ScriptedSmtpServer(int port, boolean pipelining) throws IOException {
        this.pipelining = pipelining;
        socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The next RCPT replies for an address, in order (e.g. "451 4.7.1 Try again later"); then 250. */
    public void script(String recipient, String... replies) {
        scripts.computeIfAbsent(recipient.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    public void clear() {
        accepted.clear();
        scripts.clear();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread session = new Thread(() -> serve(client), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = client.getOutputStream()) {
            reply(out, "220 scripted.test ESMTP");
            List<String> recipients = new ArrayList<>();
            String mailFrom = null;
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (command) {
                    case "EHLO" -> reply(out, "250-scripted.test\r\n250-8BITMIME\r\n" + (pipelining ? "250-PIPELINING\r\n" : "")
                            + "250 SIZE 52428800");
                    case "HELO", "NOOP" -> reply(out, "250 OK");
                    case "MAIL" -> {
                        recipients.clear();
                        mailFrom = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        reply(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')).toLowerCase(Locale.ROOT);
                        Deque<String> script = scripts.get(address);
                        String answer = script == null || script.isEmpty() ? null : script.poll();
                        if (answer == null) {
                            recipients.add(address);
                            reply(out, "250 2.1.5 OK");
                        } else {
                            reply(out, answer);
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "554 5.5.1 No valid recipients");
                            break;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        String dataLine;
                        while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                            data.append(dataLine).append('\n');
                        }
                        long now = System.nanoTime();
                        for (String r : recipients) {
                            accepted.add(new Accepted(r, now, data.toString(), mailFrom));
                        }
                        reply(out, "250 2.0.0 Queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 2.0.0 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Command not recognised");
                }
            }
        } catch (IOException | RuntimeException e) {
            // client went away
        } finally {
            open.remove(client);
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        running = false;
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
