package app.recap.delivery.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import app.recap.delivery.dkim.DkimSigner;

/**
 * The real SMTP connections with a hook around every send, for tests and benchmarks that need to watch or
 * interrupt the send path without changing it.
 */
public final class ObservedSmtpConnections implements MailConnections {

    /** Called for each message; must call {@code send.run()} to hand it to the relay. */
    @FunctionalInterface
    public interface SendHook {
        void around(MimeMessage message, SmtpSend send) throws MessagingException;
    }

    @FunctionalInterface
    public interface SmtpSend {
        void run() throws MessagingException;
    }

    private final SmtpConnections real;
    private final SendHook hook;

    public ObservedSmtpConnections(MailProperties properties, SendHook hook) {
        this(properties, DkimSigner.none(), hook);
    }

    /** @param signer the application's DKIM signer, so observed messages are signed as real ones are */
    public ObservedSmtpConnections(MailProperties properties, DkimSigner signer, SendHook hook) {
        this.real = new SmtpConnections(properties, signer);
        this.hook = hook;
    }

    @Override
    public MailConnection open() throws MessagingException {
        MailConnection connection = real.open();
        return new MailConnection() {
            @Override
            public Session session() {
                return connection.session();
            }


            @Override
            public void send(MimeMessage message, String recipient) throws MessagingException {
                hook.around(message, () -> connection.send(message, recipient));
            }

            @Override
            public boolean isOpen() {
                return connection.isOpen();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    @Override
    public String describe() {
        return real.describe();
    }
}
