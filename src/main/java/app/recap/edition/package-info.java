/**
 * Weekly editions: which stories a list's week collected, how they ranked per audience, and how an edition
 * renders for one audience combination (HTML and plain text with Thymeleaf). Knows nothing of subscribers'
 * addresses or of SMTP.
 */
package app.recap.edition;
