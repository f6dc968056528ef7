package app.recap.delivery.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * TLS sockets with TCP_NODELAY, for implicit TLS (port 465) and for the STARTTLS upgrade: the same Nagle stall
 * as on plain sockets (see {@link NoDelaySocketFactory}) would otherwise come back with TLS. Trusts the JDK's
 * certificate authorities, or only those in {@code recap.mail.trust-store} when one is set.
 */
final class NoDelaySslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    private NoDelaySslSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    static NoDelaySslSocketFactory of(MailProperties properties) {
        try {
            if (properties.trustStore() == null || properties.trustStore().isBlank()) {
                return new NoDelaySslSocketFactory(SSLContext.getDefault().getSocketFactory());
            }
            Resource resource = new DefaultResourceLoader().getResource(properties.trustStore().strip());
            KeyStore store = KeyStore.getInstance(properties.trustStoreType());
            char[] password = properties.trustStorePassword() == null || properties.trustStorePassword().isEmpty()
                    ? null : properties.trustStorePassword().toCharArray();
            try (InputStream in = resource.getInputStream()) {
                store.load(in, password);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new NoDelaySslSocketFactory(context.getSocketFactory());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load recap.mail.trust-store " + properties.trustStore() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return tuned(delegate.createSocket());
    }

    /** The STARTTLS upgrade of an open (already TCP_NODELAY) connection. */
    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return tuned(delegate.createSocket(plain, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tuned(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tuned(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tuned(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return tuned(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket tuned(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
