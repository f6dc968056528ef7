package app.recap.delivery.smtp;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import app.recap.delivery.message.DigestMimeMessage;

/** Connections to an SMTP relay, each one {@link Transport} reused for many messages. */
class SmtpConnections implements MailConnections {

    private final MailProperties properties;
    private final Session session;

    SmtpConnections(MailProperties properties) {
        this.properties = properties;
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
        this.session = Session.getInstance(props);
    }

    @Override
    public MailConnection open() throws MessagingException {
        Transport transport = session.getTransport();
        if (properties.username() != null && !properties.username().isBlank()) {
            transport.connect(properties.host(), properties.port(), properties.username(), properties.password());
        } else {
            transport.connect();
        }
        return new SmtpConnection(session, transport);
    }

    @Override
    public String describe() {
        return (properties.ssl() ? "smtps://" : "smtp://") + properties.host() + ":" + properties.port();
    }

    private static final class SmtpConnection implements MailConnection {

        private final Session session;
        private final Transport transport;
        private final boolean eightBit;

        SmtpConnection(Session session, Transport transport) {
            this.session = session;
            this.transport = transport;
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
            transport.sendMessage(message, message.getAllRecipients());
        }

        @Override
        public boolean isOpen() {
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
