/**
 * What subscribers reach from links in emails: signed link tokens, one-click unsubscribe (RFC 8058), and
 * (to come) sign-up, the preference center and the archive. Subscribers never log in; the signed link is
 * their key.
 */
package app.recap.preferences;
