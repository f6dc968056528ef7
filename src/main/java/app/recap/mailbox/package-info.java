/**
 * Reading a mailbox over IMAP(S) or POP3(S) with Jakarta Mail, for the modules that take mail in: the bounce mailbox
 * and newsletter sources. {@link app.recap.mailbox.MailboxReader} makes one pass over a folder, hands each message's
 * bytes to the caller and disposes of (deletes or moves) only those the caller took; {@link app.recap.mailbox.InboundMail}
 * takes a message apart into the headers and bodies a reader needs, so callers need no Jakarta Mail of their own.
 * Scheduling and node locks stay with the callers, which know how often and under which lock they read.
 */
@ApplicationModule(allowedDependencies = {})
package app.recap.mailbox;

import org.springframework.modulith.ApplicationModule;
