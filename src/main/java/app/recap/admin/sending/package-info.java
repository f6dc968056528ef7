/** The "Sending domain" screen: the DKIM, SPF and DMARC records each list's From domain should publish. */
package app.recap.admin.sending;
