/**
 * The transport: a {@link app.recap.delivery.smtp.MailConnection} per sending partition, to the SMTP relay
 * ({@code SmtpConnections}, over TCP_NODELAY sockets) when one is configured and to the outbox folder
 * ({@code OutboxConnections}) otherwise; {@link app.recap.delivery.smtp.SmtpReply} reads what the relay answered.
 */
package app.recap.delivery.smtp;
