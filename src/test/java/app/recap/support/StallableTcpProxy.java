package app.recap.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * A TCP proxy on a loopback port in front of one upstream server, with plain sockets and one thread per
 * direction and connection, that a test can stall: after {@link #stall()} nothing more goes from clients to the
 * server (what clients send is read and dropped), while the server's replies still reach the clients. Used to
 * model "the connection to the relay hung mid-message": replies already on their way arrive, the message being
 * sent never completes, and {@link #closeUpstream()} then cuts the server's side, so the server discards the
 * unfinished message. {@link #stallAfter(IntPredicate)} stalls at a chosen point instead: right after the n-th
 * message of a connection went through whole.
 */
public final class StallableTcpProxy implements AutoCloseable {

    /** {@code <CRLF>.<CRLF>}: the end of a message's DATA (a client dot-stuffs every other line starting with "."). */
    private static final long END_OF_DATA = 0x0d_0a_2e_0d_0aL;

    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<Socket> upstreams = new CopyOnWriteArrayList<>();
    private final AtomicLong withheld = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean stalled;
    private volatile IntPredicate stallAfter;
    private volatile boolean closed;

    public StallableTcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding client-to-server bytes, on every connection, open or future; replies keep flowing. */
    public void stall() {
        stalled = true;
    }

    /**
     * Stalls (as {@link #stall()}) right after a connection has forwarded the end of a message's DATA
     * ({@code <CRLF>.<CRLF>}) and {@code afterMessages} accepts that connection's count of messages so far: the
     * server receives that message whole, and nothing the client sends after it.
     */
    public void stallAfter(IntPredicate afterMessages) {
        stallAfter = afterMessages;
    }

    public boolean stalled() {
        return stalled;
    }

    /** Client bytes read after {@link #stall()} and never forwarded. */
    public long bytesWithheld() {
        return withheld.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Closes every connection to the server (the server sees the client vanish). */
    public void closeUpstream() {
        upstreams.forEach(StallableTcpProxy::closeQuietly);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        closeUpstream();
        clients.forEach(StallableTcpProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstream;
            try {
                upstream = new Socket(upstreamHost, upstreamPort);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            int n = connections.incrementAndGet();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException ignored) {
                // a connection that is already gone ends its pumps at once
            }
            clients.add(client);
            upstreams.add(upstream);
            start("proxy-" + n + "-to-server", () -> clientToServer(client, upstream));
            start("proxy-" + n + "-to-client", () -> serverToClient(upstream, client));
        }
    }

    private void clientToServer(Socket client, Socket upstream) {
        byte[] buffer = new byte[16 * 1024];
        long lastBytes = 0; // the last five bytes seen, to find the <CRLF>.<CRLF> that ends a message's DATA
        int messages = 0;
        try {
            // streams of a socket close the socket: closing is left to the finally block and the test
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                int pass = stalled ? 0 : n;
                for (int i = 0; i < pass; i++) {
                    lastBytes = ((lastBytes << 8) | (buffer[i] & 0xff)) & 0xff_ffff_ffffL;
                    if (lastBytes == END_OF_DATA) {
                        messages++;
                        IntPredicate trigger = stallAfter;
                        if (trigger != null && trigger.test(messages)) {
                            // the message's last byte goes through, nothing after it does
                            pass = i + 1;
                            stalled = true;
                        }
                    }
                }
                if (pass > 0) {
                    out.write(buffer, 0, pass);
                    out.flush();
                }
                withheld.addAndGet(n - pass);
            }
        } catch (IOException ignored) {
            // either side went away
        } finally {
            if (!stalled) {
                // an ordinary end of the client's connection ends the server's; a stalled one is cut by the test
                closeQuietly(upstream);
            }
            closeQuietly(client);
        }
    }

    private static void serverToClient(Socket upstream, Socket client) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // either side went away
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static void start(String name, Runnable pump) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
