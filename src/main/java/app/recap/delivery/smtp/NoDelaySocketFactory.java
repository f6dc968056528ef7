package app.recap.delivery.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY. Angus Mail leaves Nagle's algorithm on, and with the receiver's delayed ACK
 * every message then waits about 40 ms (see PERFORMANCE-NOTES); SMTP's small command writes need it off.
 */
public class NoDelaySocketFactory extends SocketFactory {

    private static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    /** Looked up by Jakarta Mail through {@code mail.smtp.socketFactory.class}. */
    public static SocketFactory getDefault() {
        return INSTANCE;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tuned(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tuned(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tuned(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tuned(new Socket(address, port, localAddress, localPort));
    }

    private static Socket tuned(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
