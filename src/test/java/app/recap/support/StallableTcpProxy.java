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

/**
 * A TCP proxy on a loopback port in front of one upstream server, with plain sockets and one thread per
 * direction and connection, that a test can stall: after {@link #stall()} nothing more goes from clients to the
 * server (what clients send is read and dropped), while the server's replies still reach the clients. Used to
 * model "the connection to the relay hung mid-message": replies already on their way arrive, the message being
 * sent never completes, and {@link #closeUpstream()} then cuts the server's side, so the server discards the
 * unfinished message.
 */
public final class StallableTcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<Socket> upstreams = new CopyOnWriteArrayList<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong withheld = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean stalled;
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

    public boolean stalled() {
        return stalled;
    }

    /** Client bytes read after {@link #stall()} and never forwarded. */
    public long bytesWithheld() {
        return withheld.get();
    }

    /** Client bytes forwarded to the server. */
    public long bytesForwarded() {
        return forwarded.get();
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
        try {
            // streams of a socket close the socket: closing is left to the finally block and the test
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (stalled) {
                    withheld.addAndGet(n);
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
                forwarded.addAndGet(n);
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
