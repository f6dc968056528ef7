package app.recap.delivery.smtp;

import java.util.Properties;

import javax.net.ssl.SSLException;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import app.recap.delivery.dkim.DkimSigner;
import app.recap.delivery.message.DigestMimeMessage;

/**
 * Connections to an SMTP relay, each one {@link Transport} reused for many messages. TLS, implicit or by
 * STARTTLS, checks the relay's certificate against the JDK's or the configured trust store and that it names
 * the host, over sockets that keep TCP_NODELAY.
 */
class SmtpConnections implements MailConnections {

    private final MailProperties properties;
    private final Session session;
    private final MessageSigning signing;
    private final Provider provider;

    SmtpConnections(MailProperties properties) {
        this(properties, DkimSigner.none());
    }

    SmtpConnections(MailProperties properties, DkimSigner signer) {
        this.properties = properties;
        this.signing = new MessageSigning(signer);
        String protocol = properties.ssl() ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", properties.host());
        props.put(p + "port", String.valueOf(properties.port()));
        String timeout = String.valueOf(properties.timeout().toMillis());
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        props.put(p + "auth", String.valueOf(properties.username() != null && !properties.username().isBlank()));
        props.put(p + "starttls.enable", String.valueOf(properties.startTls()));
        props.put(p + "starttls.required", String.valueOf(properties.startTls()));
        // digest bodies arrive already encoded (DigestMimeMessage); Angus must not re-inspect them for 8bit
        props.put(p + "allow8bitmime", "false");
        if (!properties.ssl()) {
            props.put(p + "socketFactory", NoDelaySocketFactory.getDefault());
            props.put(p + "socketFactory.fallback", "false");
        }
        if (properties.ssl() || properties.startTls()) {
            // implicit TLS connects through it; STARTTLS layers it over the plain TCP_NODELAY socket
            props.put(p + "ssl.socketFactory", NoDelaySslSocketFactory.of(properties));
            props.put(p + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
        this.provider = new Provider(Provider.Type.TRANSPORT, protocol, RecapSmtpTransport.class.getName(), "Recap",
                "1");
    }

    @Override
    public MailConnection open() throws MessagingException {
        Transport transport = session.getTransport(provider);
        try {
            if (properties.username() != null && !properties.username().isBlank()) {
                transport.connect(properties.host(), properties.port(), properties.username(), properties.password());
            } else {
                transport.connect();
            }
        } catch (MessagingException e) {
            SSLException tls = tlsCause(e);
            if (tls != null) {
                throw new MessagingException("TLS with " + describe() + " failed, nothing was sent: " + tls.getMessage()
                        + (tls.getMessage() != null && tls.getMessage().contains("PKIX")
                                ? " (the relay's certificate is not trusted: add it to recap.mail.trust-store)" : ""),
                        e);
            }
            throw e;
        }
        return new SmtpConnection(session, transport, signing);
    }

    private static SSLException tlsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof MessagingException m ? m.getNextException() : null) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
            if (t.getCause() == t) {
                return null;
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return (properties.ssl() ? "smtps://" : "smtp://") + properties.host() + ":" + properties.port();
    }

    private static final class SmtpConnection implements MailConnection {

        /**
         * A connection idle this long is probed with Angus's NOOP before the next message: relays close idle
         * connections, and a dead one found by the probe is replaced before anything is sent. In a run of
         * messages the probe would be a round trip per message for nothing.
         */
        private static final long PROBE_AFTER_IDLE_NANOS = 1_000_000_000L;

        private final Session session;
        private final Transport transport;
        private final boolean eightBit;
        private final MessageSigning signing;
        private long lastUsedNanos = System.nanoTime();

        SmtpConnection(Session session, Transport transport, MessageSigning signing) {
            this.session = session;
            this.transport = transport;
            this.signing = signing;
            this.eightBit = transport instanceof SMTPTransport smtp && smtp.supportsExtension("8BITMIME");
        }

        @Override
        public Session session() {
            return session;
        }


        @Override
        public void send(MimeMessage message, String recipient) throws MessagingException {
            if (message instanceof DigestMimeMessage digest) {
                digest.prepareFor(eightBit);
            }
            MimeMessage signed = signing.signed(message, session);
            try {
                Address[] to = message.getAllRecipients();
                if (signed instanceof DigestMimeMessage digest && transport instanceof RecapSmtpTransport recap
                        && RecapSmtpTransport.canSendDigests() && to != null && to.length == 1
                        && to[0] instanceof InternetAddress address
                        && RecapSmtpTransport.suits(digest.getEnvelopeFrom(), address.getAddress())) {
                    recap.sendDigest(digest, digest.getEnvelopeFrom(), address.getAddress());
                } else {
                    transport.sendMessage(signed, to);
                }
            } finally {
                lastUsedNanos = System.nanoTime();
            }
        }

        @Override
        public boolean isOpen() {
            if (transport instanceof RecapSmtpTransport recap
                    && System.nanoTime() - lastUsedNanos < PROBE_AFTER_IDLE_NANOS) {
                return recap.connectedWithoutProbe();
            }
            lastUsedNanos = System.nanoTime();
            return transport.isConnected();
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the server may already have dropped the connection
            }
        }
    }
}
